// Relief already granted on a conviction: only the relief a conviction can have.
import { describe, expect, it } from 'vitest';
import { ARREST_RELIEF_REMEDY_IDS, arrestFieldsSchema } from './arrests.ts';
import {
  ageOn,
  CONVICTION_RELIEF_REMEDY_IDS,
  convictedAsMinorNotice,
  convictionDateProblems,
  convictionFieldsSchema,
} from './convictions.ts';
import { REMEDY_IDS } from './remedies.ts';

const conviction = {
  caseNumber: '16CR01234',
  county: 'Alameda',
  code: 'PC',
  section: '484(a)',
  level: 'misdemeanor',
  wobbler: 'no',
  convictionDate: '2016-05-02',
  sentenceKind: 'probation',
  mandatorySupervision: 'no',
  endDate: null,
  probationOutcome: 'completed',
  valueOver950: 'unknown',
  reliefGrantedOn: '2019-01-02',
} as const;

const arrest = {
  arrestDate: '2018-04-05',
  code: 'PC',
  section: '459',
  level: 'felony',
  disposition: 'dismissed',
  dispositionDate: '2018-09-10',
  reliefGrantedOn: '2019-01-02',
} as const;

const refusedPaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((i) => i.path.join('.'));

describe('relief already granted', () => {
  it.each(REMEDY_IDS)('%s: a conviction and an arrest each take only their own relief', (remedy) => {
    const onConviction = convictionFieldsSchema.safeParse({ ...conviction, reliefGrantedRemedy: remedy });
    const onArrest = arrestFieldsSchema.safeParse({ ...arrest, reliefGrantedRemedy: remedy });
    expect(refusedPaths(onConviction)).toEqual(
      CONVICTION_RELIEF_REMEDY_IDS.includes(remedy) ? [] : ['reliefGrantedRemedy'],
    );
    expect(refusedPaths(onArrest)).toEqual(
      ARREST_RELIEF_REMEDY_IDS.includes(remedy) ? [] : ['reliefGrantedRemedy'],
    );
  });

  it('every remedy is relief on a conviction or on an arrest; trafficking vacatur on both', () => {
    expect(
      REMEDY_IDS.filter(
        (r) => !CONVICTION_RELIEF_REMEDY_IDS.includes(r) && !ARREST_RELIEF_REMEDY_IDS.includes(r),
      ),
    ).toEqual([]);
    expect(
      REMEDY_IDS.filter(
        (r) => CONVICTION_RELIEF_REMEDY_IDS.includes(r) && ARREST_RELIEF_REMEDY_IDS.includes(r),
      ),
    ).toEqual(['pc236.14']);
  });

  it('says why a conviction refuses arrest sealing and what it may have', () => {
    const refused = convictionFieldsSchema.safeParse({ ...conviction, reliefGrantedRemedy: 'pc851.91' });
    expect(refused.error?.issues.map((i) => i.message)).toEqual([
      'Arrest sealing (PC 851.91) is relief granted on an arrest: record it on the arrest. On a conviction, choose PC 1203.4 dismissal, PC 1203.4a dismissal (no probation), PC 1203.41 dismissal (county jail / prison), PC 1203.42 dismissal (pre-Realignment prison), PC 1203.43 deferred entry of judgment plea withdrawn, PC 17(b) reduction to misdemeanor, Prop 47 (PC 1170.18), Prop 64 (HS 11361.8), Automatic relief (PC 1203.425), Trafficking victims (PC 1203.49), Trafficking vacatur (PC 236.14) or Certificate of rehabilitation (PC 4852.01).',
    ]);
  });
});

describe('a conviction dated when the client was younger than 14', () => {
  const born = { name: 'Ana Ruiz', dateOfBirth: '1988-12-22' };
  const today = '2026-12-06';
  const problems = (convictionDate: string, offenseDate: string | null = null) =>
    convictionDateProblems({ convictionDate, offenseDate, reliefGrantedOn: null }, today, born);

  it('is refused at 10, and the day before the 14th birthday, as a likely mistyped year', () => {
    expect(problems('1998-12-22')).toEqual([
      {
        path: 'convictionDate',
        message:
          'The conviction date, Dec 22, 1998, is when Ana Ruiz (born Dec 22, 1988) was younger than 14, and an adult court does not convict a child under 14: the year is likely mistyped. Check it, and that the record is the client’s.',
      },
    ]);
    expect(problems('2002-12-21').map((p) => p.path)).toEqual(['convictionDate']);
  });

  it('is accepted from the 14th birthday (14 to 17 included: adult court may try a minor)', () => {
    expect(problems('2002-12-22')).toEqual([]);
    expect(problems('2005-06-01')).toEqual([]);
  });

  it('for one born 29 February, from 1 March in a year without one (as the referral form counts)', () => {
    const leap = { name: 'Ana Ruiz', dateOfBirth: '1992-02-29' };
    const on = (d: string) =>
      convictionDateProblems({ convictionDate: d, reliefGrantedOn: null }, today, leap);
    expect(on('2006-02-28').map((p) => p.path)).toEqual(['convictionDate']);
    expect(on('2006-03-01')).toEqual([]);
  });

  it('refuses an offense date before the 14th birthday the same way, on its field', () => {
    expect(problems('2003-05-01', '2002-12-21')).toEqual([
      {
        path: 'offenseDate',
        message: expect.stringContaining(
          'The offense date, Dec 21, 2002, is when Ana Ruiz (born Dec 22, 1988) was younger than 14',
        ),
      },
    ]);
    expect(problems('2003-05-01', '2002-12-22')).toEqual([]);
  });

  it('a date before the birth is still told as before the birth', () => {
    expect(problems('1988-12-21')[0]?.message).toContain('is before Ana Ruiz’s date of birth');
  });
});

describe('a conviction dated when the client was 14 to 17', () => {
  const born = { name: 'Ana Ruiz', dateOfBirth: '1988-12-22' };
  const notice = (convictionDate: string) => convictedAsMinorNotice(convictionDate, born);

  it('asks whether it was adult court, says a juvenile case is no conviction and names WIC 781/786', () => {
    expect(notice('2005-06-01')).toBe(
      'Ana Ruiz was 16 at this conviction (Jun 1, 2005; born Dec 22, 1988). Was it in adult (criminal) court? If it was a juvenile court case, it is not a conviction: its relief is sealing under Welfare and Institutions Code 781 or 786, which this desk does not decide. Or a date is wrong: check the conviction date and the date of birth.',
    );
  });

  it('is said from the 14th birthday to the day before the 18th, and not from the 18th birthday', () => {
    expect(notice('2002-12-22')).toContain('Ana Ruiz was 14 at this conviction');
    expect(notice('2006-12-21')).toContain('Ana Ruiz was 17 at this conviction');
    expect(notice('2006-12-22')).toBeNull();
    expect(notice('2015-03-10')).toBeNull();
  });

  it('is not said where the date is refused instead: before the 14th birthday, or before the birth', () => {
    expect(notice('2002-12-21')).toBeNull();
    expect(
      convictionDateProblems({ convictionDate: '2002-12-21', reliefGrantedOn: null }, '2026-12-06', born),
    ).toHaveLength(1);
    expect(notice('1987-01-01')).toBeNull();
  });

  it('for one born 29 February, 18 from 1 March in a year without one, and on 29 February in a leap year', () => {
    const leap = { name: 'Ana Ruiz', dateOfBirth: '1992-02-29' };
    expect(convictedAsMinorNotice('2010-02-28', leap)).toContain('was 17 at this conviction');
    expect(convictedAsMinorNotice('2010-03-01', leap)).toBeNull();
    expect(ageOn('1992-02-29', '2008-02-28')).toBe(15);
    expect(ageOn('1992-02-29', '2008-02-29')).toBe(16);
  });

  it('is not said without a date of birth or a conviction date', () => {
    expect(convictedAsMinorNotice(null, born)).toBeNull();
    expect(convictedAsMinorNotice('2005-06-01', undefined)).toBeNull();
  });
});

describe('the offense date', () => {
  it('is optional (not known) and may be the conviction day', () => {
    expect(
      convictionFieldsSchema.parse({ ...conviction, reliefGrantedOn: null, reliefGrantedRemedy: null })
        .offenseDate,
    ).toBeNull();
    expect(
      convictionFieldsSchema.safeParse({
        ...conviction,
        reliefGrantedOn: null,
        reliefGrantedRemedy: null,
        offenseDate: '2016-05-02',
      }).success,
    ).toBe(true);
  });

  it('is refused after the conviction date, on its field, saying how to fix it', () => {
    const parsed = convictionFieldsSchema.safeParse({
      ...conviction,
      reliefGrantedOn: null,
      reliefGrantedRemedy: null,
      offenseDate: '2016-05-03',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'offenseDate',
        'The offense date cannot be after the conviction date: the offense comes first. Check both dates.',
      ],
    ]);
  });

  it('is refused after today, as the conviction date is', () => {
    expect(
      convictionDateProblems(
        {
          convictionDate: '2026-12-06',
          offenseDate: '2026-12-07',
          reliefGrantedOn: null,
        },
        '2026-12-06',
      ).map((p) => p.path),
    ).toEqual(['offenseDate']);
  });
});
