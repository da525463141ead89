// Relief already granted on a conviction: only the relief a conviction can have.
import { describe, expect, it } from 'vitest';
import { ARREST_RELIEF_REMEDY_IDS, arrestFieldsSchema } from './arrests.ts';
import { CONVICTION_RELIEF_REMEDY_IDS, convictionFieldsSchema } from './convictions.ts';
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
