// The pieces a RAP sheet line is read with: charges, sentences, dispositions and later changes, dates.
import { describe, expect, it } from 'vitest';
import { readCharge, readCommentCharge } from './charges.ts';
import { readDispositionKind, readLevel, readModification, readModifications } from './dispositions.ts';
import { readSentence } from './sentence.ts';
import { dateDigits, hasWord, isoDate, leadingDate } from './text.ts';

describe('readCharge', () => {
  it.each([
    ['  11357 HS-POSSESS MARIJUANA', 'HS', '11357', 'POSSESS MARIJUANA'],
    [
      '496 (A) (2) PC-RECEIVE/ETC KNOWN STOLEN PROPERTY',
      'PC',
      '496(a)(2)',
      'RECEIVE/ETC KNOWN STOLEN PROPERTY',
    ],
    [
      '496,3(A)(2) PC-RECEIVE/ETC KNOWN STOLEN PROPERTY',
      'PC',
      '496.3(a)(2)',
      'RECEIVE/ETC KNOWN STOLEN PROPERTY',
    ],
    ['  .496. PC-RECEIVE/ETC KNOWN STOLEN PROPERTY', 'PC', '496', 'RECEIVE/ETC KNOWN STOLEN PROPERTY'],
    ['453(A) CP-POSSESS FLAMMABLE MATERIAL', 'PC', '453(a)', 'POSSESS FLAMMABLE MATERIAL'],
    ['11359 SH-POSSESS MARIJUANA FOR SALE', 'HS', '11359', 'POSSESS MARIJUANA FOR SALE'],
    ['23152(A) VC DUI ALCOHOL/DRUGS', 'VC', '23152(a)', 'DUI ALCOHOL/DRUGS'],
    ['476A PC-NSF CHECK', 'PC', '476a', 'NSF CHECK'],
    ['11362.1(A)(1) HS-POSSESS MARIJUANA', 'HS', '11362.1(a)(1)', 'POSSESS MARIJUANA'],
    ['5150 WI-DANGER TO SELF/OTHERS', 'WI', '5150', 'DANGER TO SELF/OTHERS'],
    ['4060 BP-POSSESS CONTROLLED SUBSTANCE', 'BP', '4060', 'POSSESS CONTROLLED SUBSTANCE'],
    ['290 P C-REGISTRATION OF SEX OFFENDER', 'PC', '290', 'REGISTRATION OF SEX OFFENDER'],
    ['1203.4 PC-', 'PC', '1203.4', ''],
  ])('%s', (line, code, section, description) => {
    expect(readCharge(line)).toEqual({ code, section, description });
  });

  it.each([
    '3 YEARS PROBATION, 30 DAYS JAIL',
    '19860501  CAMC LOS ANGELES METRO',
    'TRAFFIC VIOLATION',
    '036 MONTHS PROBATION',
    '1 YR JL CC',
    '12345 XY-NOT A CODE',
    'SEE COMMENT FOR CHARGE',
  ])('%s is not a charge', (line) => {
    expect(readCharge(line)).toBeNull();
  });

  it('reads the charge a comment gives', () => {
    expect(readCommentCharge('COM: CNT 01 CHRG-484-487 (A) PC SECOND DEGREE')).toEqual({
      code: 'PC',
      section: '484-487(a)',
      description: 'SECOND DEGREE',
    });
    expect(readCommentCharge('.COM; CHRG 490,2 PC')).toEqual({
      code: 'PC',
      section: '490.2',
      description: '',
    });
    expect(readCommentCharge('COM: SENTENCE CONCURRENT')).toBeNull();
  });
});

describe('readSentence', () => {
  it('reads probation, jail and prison terms and keeps the rest as details', () => {
    expect(readSentence('3 YEARS PROBATION, 30 DAYS JAIL, FINE')).toEqual({
      text: '3 YEARS PROBATION, 30 DAYS JAIL, FINE',
      probationMonths: 36,
      jailDays: 30,
      prisonMonths: null,
      details: ['FINE'],
    });
    expect(readSentence('012 MONTHS PROBATION, 045 DAYS JAIL')).toMatchObject({
      probationMonths: 12,
      jailDays: 45,
    });
    expect(readSentence('16 MONTHS PRISON')).toMatchObject({
      prisonMonths: 16,
      jailDays: null,
      probationMonths: null,
    });
    expect(readSentence('2 YEARS STATE PRISON')).toMatchObject({ prisonMonths: 24 });
    expect(readSentence('3 YRS CDC')).toMatchObject({ prisonMonths: 36 });
    expect(readSentence('1 YR PROB, 6 MO JL WORK')).toMatchObject({ probationMonths: 12, jailDays: 180 });
    expect(readSentence('36MOS PROB')).toMatchObject({ probationMonths: 36 });
    expect(readSentence('2 WEEKS JAIL, 48 HOURS JAIL')).toMatchObject({ jailDays: 16 });
  });

  it('adds terms of one kind; a suspended term is a detail, not a term', () => {
    expect(readSentence('30 DAYS JAIL, 30 DAYS JAIL CONSEC')).toMatchObject({ jailDays: 60 });
    expect(readSentence('1 YR PRISON SS, 1 YR JL CC')).toMatchObject({
      prisonMonths: null,
      jailDays: 365,
      details: ['1 YR PRISON SS'],
    });
  });

  it('reads OCR look-alikes in numbers and words', () => {
    expect(readSentence('3 YEARS PROBATLON, 9O DAYS JAIL')).toMatchObject({
      probationMonths: 36,
      jailDays: 90,
    });
    expect(readSentence('O36 MONTHS PROBATION')).toMatchObject({ probationMonths: 36 });
  });

  it('a sentence with no term: all null, every part a detail', () => {
    expect(readSentence(', , FINE, RESTN')).toEqual({
      text: ', , FINE, RESTN',
      probationMonths: null,
      jailDays: null,
      prisonMonths: null,
      details: ['FINE', 'RESTN'],
    });
  });
});

describe('dispositions', () => {
  it.each([
    ['CONVICTED', 'convicted'],
    ['C0NVLCTED', 'convicted'],
    ['CONVICTED-PLEA OF GUILTY', 'convicted'],
    ['DISMISSSED/FURTHERANCE OF JUSTICE', 'dismissed'],
    ['DISMISSED', 'dismissed'],
    ['PROS REJ-LACK OF SUFFICIENT EVIDENCE', 'prosecutor_rejected'],
    ['NOT GUILTY', 'acquitted'],
    ['ACQUITTED', 'acquitted'],
    ['DET/RELEASED', 'released'],
    ['RELEASED/DETENTION ONLY 849(B)(1) PC', 'released'],
    ['DIVERSION PROGRAM 1000 PC', 'diversion'],
    ['DISMISSED-DIVERSION COMPLETED', 'diversion'],
    ['CLARIFICATION REQUESTED', 'other'],
    // Words with an L (read as I, as OCR writes it) or a doubled letter, on the pattern's side too.
    ['GUILTY', 'convicted'],
    ['GUILTY PLEA', 'convicted'],
    ['CONV PLEA', 'convicted'],
    ['GUlLTY', 'convicted'],
    // A juvenile court's finding: an adjudication, never a conviction.
    ['SUSTAINED', 'sustained'],
    ['PETITION SUSTAINED', 'sustained'],
    ['5USTAINED', 'sustained'],
    ['PETITION NOT SUSTAINED', 'other'],
  ])('%s → %s', (text, kind) => {
    expect(readDispositionKind(text)).toBe(kind);
  });

  it.each([
    ['MISDEMEANOR', 'misdemeanor'],
    ['FELONY', 'felony'],
    ['FEL', 'felony'],
    ['INFRACTION', 'infraction'],
    ['TNFRACTION', 'infraction'],
    ['MISD', 'misdemeanor'],
    ['UNKNOWN', null],
  ])('CONV STATUS %s → %s', (text, level) => {
    expect(readLevel(text)).toBe(level);
  });

  it.each([
    ['PROBATION REVOKED', 'probation_revoked', null, null],
    ['PROB REVOKED', 'probation_revoked', null, null],
    ['PROBATION REINSTATED', 'probation_reinstated', null, null],
    ['PROBATION TERMINATED EARLY', 'probation_terminated', null, null],
    ['SENTENCE MODIFIED', 'sentence_modified', null, null],
    ['CONV SET ASIDE & DISM PER 1203.4 PC', 'dismissed', 'pc1203.4', null],
    ['1203.4 PC-DISMISSED', 'dismissed', 'pc1203.4', null],
    ['CONV SET ASIDE & DISMISSSED PER 12O3.4 PC', 'dismissed', 'pc1203.4', null],
    ['DISMISSED PER 1203.4A PC', 'dismissed', 'pc1203.4a', null],
    ['DISMISSED PER 1203.41 PC', 'dismissed', 'pc1203.41', null],
    ['DISMISSED PER 1203.42 PC', 'dismissed', 'pc1203.42', null],
    ['RELIEF GRANTED 1203.425', 'relief_granted', 'pc1203.425', null],
    ['RELIEF GRANTED PER 1203,425 PC', 'relief_granted', 'pc1203.425', null],
    ['17(B) PC-REDUCTION TO MISDEMEANOR', 'reduced', 'pc17b', 'misdemeanor'],
    ['FELONY REDUCED TO MISDEMEANOR PER 17 (B) PC', 'reduced', 'pc17b', 'misdemeanor'],
    ['REDUCED TO INFRACTION PER 17(D) PC', 'reduced', null, 'infraction'],
    ['REDUCED TO MISDEMEANOR', 'reduced', null, 'misdemeanor'],
    ['RESENTENCED/REDESIGNATED MISD PER 1170.18 PC', 'resentenced', 'prop47', 'misdemeanor'],
    ['RELIEF GRANTED 11361.8 HS-DISMISSED AND SEALED', 'dismissed', 'prop64', null],
    ['REDESIGNATED 11361.8 HS REDUCED TO INFRACTION', 'resentenced', 'prop64', 'infraction'],
    ['ARREST SEALED 851.91 PC', 'sealed', 'pc851.91', null],
    ['CONVICTION VACATED', 'vacated', null, null],
    ['RELIEF GRANTED', 'relief_granted', null, null],
    ['RELlEF GRANTED', 'relief_granted', null, null],
  ])('%s → %s %s', (text, kind, remedy, level) => {
    expect(readModification(text)).toEqual({ kind, remedy, level });
  });

  it.each([
    'CONVICTED',
    'DISMISSED/FURTHERANCE OF JUSTICE',
    'NOT GUILTY',
    'COM: SENTENCE CONCURRENT',
    '245(A)(1) PC',
    // A denial that names no relief says nothing to record.
    'MOTION DENIED',
  ])('%s is no later change', (text) => {
    expect(readModification(text)).toBeNull();
    expect(readModifications(text)).toEqual([]);
  });

  it.each([
    // What the court denied changed nothing: never the relief asked for, but the refusal is kept.
    ['PETITION PER 1203.4 PC DENIED', 'pc1203.4'],
    ['MOTION PER 17(B) PC DENIED', 'pc17b'],
    ['PETITION FOR RESENTENCING PER 1170.18 PC DENIED', 'prop47'],
    ['REQUEST TO SEAL 851.91 PC DENlED', 'pc851.91'],
    ['MOTION TO DISMISS PER 1203.4 PC DENIED', 'pc1203.4'],
    ['DENIED: PETITION PER 1203.4 PC', 'pc1203.4'],
  ])('%s is a denial of %s, no grant', (text, remedy) => {
    const denial = { kind: 'denied', remedy, level: null };
    expect(readModification(text)).toEqual(denial);
    expect(readModifications(text)).toEqual([denial]);
  });

  const dismissal = { kind: 'dismissed', remedy: 'pc1203.4', level: null };
  const reduction = { kind: 'reduced', remedy: 'pc17b', level: 'misdemeanor' };
  it.each([
    [
      'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC REDUCED TO MISDEMEANOR PER 17(B) PC',
      [dismissal, reduction],
    ],
    ['REDUCED TO MISD PER 17(B) PC AND DISMISSED PER 1203.4 PC', [reduction, dismissal]],
    ['17(B) PC-REDUCED TO MISDEMEANOR, 1203.4 PC-DISMISSED', [reduction, dismissal]],
    ['REDUCED TO MISD PER 17 (B) PC; SET ASIDE/DISMISSED PER 12O3,4 PC', [reduction, dismissal]],
    [
      'RESENTENCED PER 1170.18 PC REDUCED TO MISD, RELIEF GRANTED PER 1203.425 PC',
      [
        { kind: 'resentenced', remedy: 'prop47', level: 'misdemeanor' },
        { kind: 'relief_granted', remedy: 'pc1203.425', level: null },
      ],
    ],
    // One remedy named twice, or in two ways, is one change.
    ['DISMISSED PER 1203.4 PC (1203.4 PC)', [dismissal]],
    [
      'RESENTENCED PER PROP 47 (1170.18 PC)',
      [{ kind: 'resentenced', remedy: 'prop47', level: 'misdemeanor' }],
    ],
    ['CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC', [dismissal]],
  ])('%s states every relief it names', (text, changes) => {
    expect(readModifications(text)).toEqual(changes);
  });

  it('a line that says DENIED grants only what its own words grant, and keeps each denial', () => {
    const denied = (remedy: string) => ({ kind: 'denied', remedy, level: null });
    expect(readModifications('PETITION PER 1203.4 PC DENIED, REDUCED TO MISD PER 17(B) PC')).toEqual([
      denied('pc1203.4'),
      reduction,
    ]);
    expect(readModifications('PETITIONS PER 1203.4 PC AND 17(B) PC DENIED')).toEqual([
      denied('pc1203.4'),
      denied('pc17b'),
    ]);
  });
});

describe('dates and words', () => {
  it('reads RAP dates, OCR look-alikes and stray points forgiven', () => {
    expect(isoDate('19860501')).toBe('1986-05-01');
    expect(isoDate('20240229')).toBe('2024-02-29');
    expect(isoDate('20230229')).toBeNull();
    expect(isoDate('19861301')).toBeNull();
    expect(isoDate('18991231')).toBeNull();
    expect(dateDigits('1986O5O1')).toBe('19860501');
    expect(dateDigits('20040.102')).toBe('20040102');
    expect(dateDigits('1986OOOl')).toBeNull();
    expect(dateDigits('1986050')).toBeNull();
    expect(leadingDate('19860501  CAMC LOS ANGELES METRO')).toEqual({
      digits: '19860501',
      iso: '1986-05-01',
      rest: 'CAMC LOS ANGELES METRO',
    });
    expect(leadingDate(' . 20120503')).toEqual({ digits: '20120503', iso: '2012-05-03', rest: '' });
    expect(leadingDate('11357 HS-POSSESS')).toBeNull();
  });

  it('matches words with doubled letters and look-alikes', () => {
    expect(hasWord('DISPO:DISMISSSED', 'DISMISSED')).toBe(true);
    expect(hasWord('C0NVICTED', 'CONVICTED')).toBe(true);
    expect(hasWord('CONVICTED', 'DISMISSED')).toBe(false);
  });
});
