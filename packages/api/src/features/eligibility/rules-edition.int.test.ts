// Rules review across rules versions: a matter whose suggestion changes when a new version takes
// effect (the automatic felony path from 2024-10-01, reaching 1973) is listed with both versions, and
// so is a suggestion remembered under a version that a later edition of the rules replaced.
import { testDialects } from '@relief-desk/db/testing';
import type { ConvictionFieldsInput } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

const oldPrisonFelony: ConvictionFieldsInput = {
  caseNumber: '90CR01234',
  county: 'Alameda',
  court: '',
  code: 'HS',
  section: '11351',
  level: 'felony',
  wobbler: 'no',
  convictionDate: '1990-03-01',
  sentenceKind: 'state_prison',
  mandatorySupervision: 'unknown',
  endDate: '1993-03-01',
  probationOutcome: 'completed',
  valueOver950: 'unknown',
  reliefGrantedRemedy: null,
  reliefGrantedOn: null,
};

const noBars = {
  currentlyCharged: 'no',
  underSupervision: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
} as const;

describe.each(testDialects())('rules review across rules versions (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;
  let convictionId: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const attorney = await api.signedIn('alameda.attorney');
    const recorded = await attorney.referrals.record(referralInput());
    matterId = recorded.matters[0]?.id ?? '';
    convictionId = (await attorney.convictions.add({ matterId, conviction: oldPrisonFelony })).id;
    await attorney.eligibility.savePersonFacts({ matterId, version: 0, facts: noBars });
  });
  afterAll(async () => api.destroy());

  const automaticRelief = async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const suggestions = await attorney.eligibility.suggestions({ matterId });
    const remedies = suggestions.results.find((r) => r.convictionId === convictionId)?.remedies ?? [];
    return {
      rulesVersion: suggestions.rulesVersion,
      determination: remedies.find((r) => r.remedy === 'pc1203.425')?.determination,
    };
  };

  it('lists the matter when ca-2024.10 takes effect on 2024-10-01 (felony path reaching 1973)', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    api.clock.set('2024-09-30T18:00:00.000Z');
    expect(await automaticRelief()).toEqual({ rulesVersion: 'ca-2023.10', determination: 'not_eligible' });
    expect(await attorney.eligibility.reviewList()).toEqual([]);

    api.clock.set('2024-10-01T18:00:00.000Z');
    const review = await attorney.eligibility.reviewList();
    expect(review.map((r) => r.matterId)).toEqual([matterId]);
    expect(review[0]?.changes).toContainEqual({
      convictionId,
      conviction: 'HS 11351 (felony), case 90CR01234',
      remedy: 'pc1203.425',
      before: { rulesVersion: 'ca-2023.10', determination: 'not_eligible' },
      after: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory' },
    });

    // Seeing the new suggestions settles the review.
    expect(await automaticRelief()).toEqual({
      rulesVersion: 'ca-2024.10',
      determination: 'eligible_mandatory',
    });
    expect(await attorney.eligibility.reviewList()).toEqual([]);
  });

  it('lists a suggestion remembered under a first-edition version the second edition decides otherwise', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const attorney = await api.signedIn('alameda.attorney');
    await automaticRelief();
    // As the first edition (ca-2024.01) stored it: felonies without probation only from 2005.
    await api.database.db
      .updateTable('eligibility_suggestions')
      .set({ rules_version: 'ca-2024.01', determination: 'not_eligible' })
      .where('matter_id', '=', matterId)
      .where('conviction_id', '=', convictionId)
      .where('remedy', '=', 'pc1203.425')
      .execute();

    const review = await attorney.eligibility.reviewList();
    expect(review).toHaveLength(1);
    expect(review[0]?.changes).toEqual([
      {
        convictionId,
        conviction: 'HS 11351 (felony), case 90CR01234',
        remedy: 'pc1203.425',
        before: { rulesVersion: 'ca-2024.01', determination: 'not_eligible' },
        after: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory' },
      },
    ]);
  });
});
