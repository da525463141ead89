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
 * PC 1203.4(c)(1)-(2) with VC 12810(a)-(e): two-point offenses, dismissed only at the court's
 * discretion. Each entry names the VC 12810 subdivision that lists it. Reckless driving (12810(c))
 * is VC 23103 and its injury forms 23104 and 23105 (a "wet reckless" is a 23103 conviction under
 * 23103.5). 12810(e) lists 14601, 14601.1, 14601.2, 14601.3 and 14601.5, not 14601.4. 12810(d)(2)
 * lists only subdivisions (a) and (b) of VC 23140. PC 191.5(b) and 192(c) (vehicular manslaughter)
 * are two-point offenses outside the Vehicle Code (12810(d)(1)).
 */
export const TWO_POINT_OFFENSES: Readonly<Record<string, string>> = {
  'VC 20001': 'VC 12810(a)',
  'VC 20002': 'VC 12810(a)',
  'VC 23152': 'VC 12810(b)',
  'VC 23153': 'VC 12810(b)',
  'VC 23103': 'VC 12810(c)',
  'VC 23103.5': 'VC 12810(c)',
  'VC 23104': 'VC 12810(c)',
  'VC 23105': 'VC 12810(c)',
  'PC 191.5(b)': 'VC 12810(d)(1)',
  'PC 192(c)': 'VC 12810(d)(1)',
  'VC 2800.2': 'VC 12810(d)(1)',
  'VC 2800.3': 'VC 12810(d)(1)',
  'VC 21651(b)': 'VC 12810(d)(1)',
  'VC 22348(b)': 'VC 12810(d)(1)',
  'VC 23109(a)': 'VC 12810(d)(1)',
  'VC 23109(c)': 'VC 12810(d)(1)',
  'VC 23109.1': 'VC 12810(d)(1)',
  'VC 31602': 'VC 12810(d)(1)',
  'VC 23140(a)': 'VC 12810(d)(2)',
  'VC 23140(b)': 'VC 12810(d)(2)',
  'VC 14601': 'VC 12810(e)',
  'VC 14601.1': 'VC 12810(e)',
  'VC 14601.2': 'VC 12810(e)',
  'VC 14601.3': 'VC 12810(e)',
  'VC 14601.5': 'VC 12810(e)',
};

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
 * PC 1170.18(a): Prop 47 sections where the value must be $950 or less. Forgery is recorded as PC 470,
 * 475 or 476 and punished under PC 473; theft recorded as PC 484 / 487 is now petty theft under
 * PC 490.2; second-degree burglary (PC 459 / 460(b)) is now shoplifting under PC 459.5.
 */
export const PROP47_VALUE_LIMITED = [
  'PC 459.5',
  'PC 459 2nd',
  'PC 470',
  'PC 473',
  'PC 475',
  'PC 476',
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

/**
 * Cannabis sections that stay felonies today for a person with a prior superstrike or a prior
 * conviction requiring PC 290(c) registration, with the subdivision that says so. HS 11357 has no
 * such aggravation.
 */
export const PROP64_FELONY_WITH_PRIORS: Readonly<Record<string, string>> = {
  'HS 11358': 'HS 11358(d)(1)',
  'HS 11359': 'HS 11359(c)(1)',
  'HS 11360': 'HS 11360(a)(3)(A)',
};

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

/** PC 473(b): forgery punished under PC 473 reaches Prop 47 only for the instruments it lists. */
export const PROP47_FORGERY = ['PC 470', 'PC 473', 'PC 475', 'PC 476'] as const;

/** PC 459.5(a): second-degree burglary is shoplifting only for an open commercial establishment. */
export const PROP47_BURGLARY = ['PC 459 2nd'] as const;

/** Violent felonies the rules know (PC 667.5(c)); PC 236.14 reaches only nonviolent offenses. */
export const VIOLENT_FELONIES = [
  'PC 187',
  'PC 192(a)',
  'PC 203',
  'PC 205',
  'PC 207',
  'PC 209',
  'PC 211',
  'PC 215',
  'PC 220',
  'PC 261',
  'PC 264.1',
  'PC 269',
  'PC 288(a)',
  'PC 288(b)',
  'PC 288.5',
  'PC 289(a)',
  'PC 451(a)',
  'PC 451(b)',
] as const;

/** PC 1203.49: solicitation or prostitution. */
export const PROSTITUTION_OFFENSES = ['PC 647(b)'] as const;

/**
 * Offenses for which deferred entry of judgment was offered under former PC 1000(a) (before
 * 2018-01-01): possession of drugs for personal use and related misdemeanors.
 */
export const DEJ_OFFENSES = [
  'HS 11350',
  'HS 11357',
  'HS 11364',
  'HS 11365',
  'HS 11377',
  'HS 11550',
  'HS 11358',
  'PC 381',
  'PC 647(f)',
  'VC 23222(b)',
] as const;

/**
 * PC 851.91(c)(2)(A): domestic violence, child abuse and elder abuse, where a pattern of them makes
 * sealing an arrest a matter for the interests of justice.
 */
export const ABUSE_OFFENSES: Readonly<Record<string, 'domestic violence' | 'child abuse' | 'elder abuse'>> = {
  'PC 273.5': 'domestic violence',
  'PC 243(e)(1)': 'domestic violence',
  'PC 273a': 'child abuse',
  'PC 273d': 'child abuse',
  'PC 368': 'elder abuse',
};

/** PC 799: offenses with no limitation period (PC 851.91(a)(2)(B)); the list is short, not complete. */
export const NO_LIMITATION_PERIOD = ['PC 187', 'PC 209', 'PC 269', 'PC 288.7'] as const;

/**
 * Offenses whose limitation period may be longer than PC 800-802's general 1, 3 or 6 years, or none,
 * by facts an arrest does not record: force (PC 799(b), added by SB 813 for rape and other sex
 * offenses), a victim under 18 or under 14 (PC 801.1; PC 802(b) for misdemeanors), domestic violence
 * (PC 803.7). Short, not complete; for these the rules ask whether charges may still be filed rather
 * than count the general period. (Verify against the chaptered text: see the README.)
 */
export const LIMITATION_MAY_BE_LONGER = [
  'PC 243(e)',
  'PC 261',
  'PC 262',
  'PC 264.1',
  'PC 273.5',
  'PC 286',
  'PC 287',
  'PC 288',
  'PC 288a',
  'PC 288.5',
  'PC 289',
  'PC 647.6',
] as const;

/**
 * Felonies punishable by eight years or more (PC 800; PC 851.93(a)(2)(C)(ii)). Short, not complete:
 * a felony on neither this list nor FELONIES_UNDER_EIGHT_YEARS is asked about.
 */
export const FELONIES_EIGHT_YEARS_OR_MORE = [
  'PC 187',
  'PC 203',
  'PC 205',
  'PC 207',
  'PC 209',
  'PC 215',
  'PC 261',
  'PC 264.1',
  'PC 269',
  'PC 286',
  'PC 287',
  'PC 288',
  'PC 288.5',
  'PC 288.7',
  'PC 289',
] as const;

/** Felonies whose maximum term is under eight years (PC 801: three-year limitation period). */
export const FELONIES_UNDER_EIGHT_YEARS = [
  ...COUNTY_JAIL_1170H_FELONIES,
  ...NOT_SERIOUS_OR_VIOLENT_FELONIES,
  'PC 245',
  'PC 422',
] as const;
