// The code sections each rule names, written as on a record ("PC 286(c)", "PC 459 2nd"). A listed
// section without subdivisions covers all of them; a record missing a subdivision the list needs
// matches only "maybe", and the rule then asks instead of guessing. Each list cites its source.

/** PC 1203.4(b): sex offenses excluded from dismissal at any level (attempts are not excluded). */
export const PC1203_4B_EXCLUDED = [
  'PC 286(c)',
  'PC 287(c)',
  'PC 288a(c)',
  'PC 288',
  'PC 288.5',
  'PC 289(j)',
  'PC 311.1',
  'PC 311.2',
  'PC 311.3',
  'PC 311.11',
] as const;

/** PC 1203.4(b): felony conviction under PC 261.5(d). */
export const PC1203_4B_FELONY_EXCLUDED = ['PC 261.5(d)'] as const;

/**
 * VC 42002.1: misdemeanors under these sections when the charge is failing to stop for an equipment
 * inspection or an unsafe condition; the record never says which, so a misdemeanor here is asked about.
 */
export const VC42002_1_SECTIONS = ['VC 2800', 'VC 2801', 'VC 2803'] as const;

/**
 * PC 1203.4(c) with VC 12810(a)-(e): two-point offenses, dismissed only at the court's discretion.
 * PC 191.5(b) and 192(c) (vehicular manslaughter) are two-point offenses outside the Vehicle Code.
 */
export const TWO_POINT_OFFENSES = [
  'VC 20001',
  'VC 20002',
  'VC 23152',
  'VC 23153',
  'VC 23103',
  'VC 2800.2',
  'VC 2800.3',
  'VC 21651(b)',
  'VC 22348(b)',
  'VC 23109(a)',
  'VC 23109(c)',
  'VC 23109.1',
  'VC 31602',
  'VC 23140',
  'VC 14601',
  'VC 14601.1',
  'VC 14601.2',
  'VC 14601.3',
  'VC 14601.4',
  'VC 14601.5',
  'PC 191.5(b)',
  'PC 192(c)',
] as const;

/** PC 1203.4a(d): misdemeanor PC 288(c) is excluded. */
export const PC1203_4A_EXCLUDED_MISDEMEANORS = ['PC 288(c)'] as const;

/**
 * PC 19.8(a): offenses subject to PC 17(d). As infractions they are punished under PC 19.8, not
 * VC 42001, so the Vehicle Code ones stay within PC 1203.4a; as misdemeanors they may become
 * infractions under PC 17(d)(2).
 */
export const PC19_8_OFFENSES = [
  'PC 193.8',
  'PC 330',
  'PC 415',
  'PC 485',
  'PC 490.7',
  'PC 555',
  'PC 602.13',
  'PC 853.7',
  'PC 532b(c)',
  'PC 602(o)',
  'BP 25658(b)',
  'BP 21672',
  'BP 25661',
  'BP 25662',
  'GC 27204',
  'VC 23109(c)',
  'VC 5201.1',
  'VC 12500',
  'VC 14601.1',
  'VC 27150.1',
  'VC 40508',
] as const;

/** PC 1170.18(a): Prop 47 drug-possession sections; value does not matter. */
export const PROP47_POSSESSION = ['HS 11350', 'HS 11357', 'HS 11377'] as const;

/**
 * PC 1170.18(a): Prop 47 sections where the value must be $950 or less. Forgery is recorded as PC 470
 * and punished under PC 473; theft recorded as PC 484 / 487 is now petty theft under PC 490.2;
 * second-degree burglary (PC 459 / 460(b)) is now shoplifting under PC 459.5.
 */
export const PROP47_VALUE_LIMITED = [
  'PC 459.5',
  'PC 459 2nd',
  'PC 470',
  'PC 473',
  'PC 476a',
  'PC 484',
  'PC 487',
  'PC 490.2',
  'PC 496',
  'PC 666',
] as const;

/** HS 11361.8: cannabis offenses Prop 64 reaches. */
export const PROP64_SECTIONS = [
  'HS 11357',
  'HS 11358',
  'HS 11359',
  'HS 11360',
  'HS 11362.1',
  'HS 11362.2',
  'HS 11362.3',
  'HS 11362.4',
] as const;

/** HS 11361.8: subdivisions that remain felonies under Prop 64 and stay excluded. */
export const PROP64_EXCLUDED = [
  'HS 11359(c)(3)',
  'HS 11359(d)',
  'HS 11360(a)(3)(c)',
  'HS 11360(a)(3)(d)',
] as const;

/**
 * PC 1170(h)(1)-(2): felonies punished in county jail today (consulted by PC 1203.42). A section not
 * here is asked about rather than assumed.
 */
export const COUNTY_JAIL_1170H_FELONIES = [
  'PC 459 2nd',
  'PC 470',
  'PC 473',
  'PC 476a',
  'PC 484',
  'PC 487',
  'PC 489',
  'PC 496',
  'PC 530.5',
  'PC 594',
  'PC 666',
  'PC 29800',
  'PC 12021',
  'VC 10851',
  'HS 11350',
  'HS 11351',
  'HS 11351.5',
  'HS 11352',
  'HS 11357',
  'HS 11358',
  'HS 11359',
  'HS 11360',
  'HS 11366',
  'HS 11377',
  'HS 11378',
  'HS 11379',
] as const;

/** Felonies whose punishment is state prison, not PC 1170(h) (so PC 1203.42 cannot apply). */
export const STATE_PRISON_FELONIES = [
  'PC 187',
  'PC 211',
  'PC 215',
  'PC 245',
  'PC 261',
  'PC 273.5',
  'PC 288',
  'PC 422',
  'PC 459 1st',
] as const;

/**
 * Felony wobblers (punishable as felony or misdemeanor), used when the record leaves `wobbler` null.
 * HS 11377 and 11357(a) were wobblers only before Prop 47 and Prop 64; see WOBBLER_UNTIL.
 */
export const KNOWN_WOBBLERS = [
  'PC 32',
  'PC 69',
  'PC 243(d)',
  'PC 245(a)(1)',
  'PC 245(a)(2)',
  'PC 245(a)(4)',
  'PC 246.3(a)',
  'PC 273.5',
  'PC 273a(a)',
  'PC 368(b)',
  'PC 422',
  'PC 459 2nd',
  'PC 470',
  'PC 476a',
  'PC 487',
  'PC 496',
  'PC 530.5',
  'PC 594(b)(1)',
  'PC 646.9(a)',
  'PC 666',
  'VC 2800.2',
  'VC 10851',
  'HS 11357(a)',
  'HS 11377',
] as const;

/** Wobblers that stopped being wobblers on a date (conviction on or after it: not a known wobbler). */
export const WOBBLER_UNTIL: Readonly<Record<string, string>> = {
  'HS 11377': '2014-11-05',
  'HS 11357(a)': '2016-11-09',
};

/** Sex offenses that require PC 290(c) registration whatever the circumstances. */
export const PC290_REGISTRABLE = [
  'PC 261',
  'PC 264.1',
  'PC 269',
  'PC 286',
  'PC 287',
  'PC 288',
  'PC 288a',
  'PC 288.5',
  'PC 288.7',
  'PC 289',
  'PC 311.11',
  'PC 647.6',
] as const;

/**
 * Serious (PC 1192.7(c)) or violent (PC 667.5(c)) felonies the rules know. Attempts count too
 * (PC 1192.7(c)(39)).
 */
export const SERIOUS_OR_VIOLENT_FELONIES = [
  'PC 187',
  'PC 192(a)',
  'PC 203',
  'PC 207',
  'PC 209',
  'PC 211',
  'PC 215',
  'PC 220',
  'PC 245(a)(1)',
  'PC 245(a)(2)',
  'PC 246',
  'PC 261',
  'PC 269',
  'PC 288',
  'PC 288.5',
  'PC 288.7',
  'PC 289',
  'PC 422',
  'PC 451',
  'PC 459 1st',
] as const;

/** Felonies known to be neither serious nor violent (PC 1203.425 needs to know). */
export const NOT_SERIOUS_OR_VIOLENT_FELONIES = [
  'PC 32',
  'PC 69',
  'PC 245(a)(4)',
  'PC 246.3(a)',
  'PC 273.5',
  'PC 273a(a)',
  'PC 368(b)',
  'PC 459 2nd',
  'PC 459.5',
  'PC 470',
  'PC 473',
  'PC 476a',
  'PC 484',
  'PC 487',
  'PC 489',
  'PC 490.2',
  'PC 496',
  'PC 530.5',
  'PC 594',
  'PC 646.9(a)',
  'PC 666',
  'PC 12021',
  'PC 29800',
  'VC 2800.2',
  'VC 10851',
  'HS 11350',
  'HS 11351',
  'HS 11351.5',
  'HS 11352',
  'HS 11357',
  'HS 11358',
  'HS 11359',
  'HS 11360',
  'HS 11366',
  'HS 11377',
  'HS 11378',
  'HS 11379',
] as const;

/** PC 4852.01(d): convictions excluded from a certificate of rehabilitation. */
export const PC4852_EXCLUDED = [
  'PC 269',
  'PC 286(c)',
  'PC 287(c)',
  'PC 288a(c)',
  'PC 288',
  'PC 288.5',
  'PC 288.7',
  'PC 289(j)',
] as const;
