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

/** Another person's referral, so the duplicate check does not ask whether they are the same. */
const anotherPerson = (n: number) =>
  referralInput({
    client: {
      ...referralInput().client,
      legalName: `Rosalía Ortega ${n}`,
      otherNames: [],
      dateOfBirth: `1970-02-0${n}`,
      phone: `(510) 555-017${n}`,
      email: `rosalia${n}@example.net`,
    },
  });

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
    // Born long enough before the 1990 conviction to have been convicted as an adult.
    const recorded = await attorney.referrals.record(
      referralInput({ client: { ...referralInput().client, dateOfBirth: '1962-03-07' } }),
    );
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
      record: 'conviction',
      recordId: convictionId,
      conviction: 'HS 11351 (felony), case 90CR01234',
      remedy: 'pc1203.425',
      before: { rulesVersion: 'ca-2023.10', determination: 'not_eligible', eligibleOn: null },
      after: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory', eligibleOn: null },
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
        record: 'conviction',
        recordId: convictionId,
        conviction: 'HS 11351 (felony), case 90CR01234',
        remedy: 'pc1203.425',
        before: { rulesVersion: 'ca-2024.01', determination: 'not_eligible', eligibleOn: null },
        after: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory', eligibleOn: null },
      },
    ]);
  });

  it('lists a suggestion whose determination stays but whose date moved (eligibleOn only)', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const attorney = await api.signedIn('alameda.attorney');
    const recorded = await attorney.referrals.record(anotherPerson(1));
    const onProbation = recorded.matters[0]?.id ?? '';
    await attorney.eligibility.savePersonFacts({ matterId: onProbation, version: 0, facts: noBars });
    const { id } = await attorney.convictions.add({
      matterId: onProbation,
      conviction: {
        ...oldPrisonFelony,
        caseNumber: '25CR04321',
        code: 'PC',
        section: '484(a)',
        level: 'misdemeanor',
        convictionDate: '2025-03-01',
        sentenceKind: 'probation',
        endDate: '2027-03-01',
        probationOutcome: 'completed',
      },
    });
    const shown = await attorney.eligibility.suggestions({ matterId: onProbation });
    const dismissal = shown.results
      .find((r) => r.convictionId === id)
      ?.remedies.find((r) => r.remedy === 'pc1203.4');
    expect(dismissal).toMatchObject({ determination: 'eligible_later', eligibleOn: '2027-03-02' });
    expect((await attorney.eligibility.reviewList()).map((r) => r.matterId)).not.toContain(onProbation);

    // As rules that counted from the sentence's last day would have remembered it: one day early.
    await api.database.db
      .updateTable('eligibility_suggestions')
      .set({ eligible_on: '2027-03-01' })
      .where('conviction_id', '=', id)
      .where('remedy', '=', 'pc1203.4')
      .execute();
    const review = await attorney.eligibility.reviewList();
    expect(review.find((r) => r.matterId === onProbation)?.changes).toEqual([
      {
        record: 'conviction',
        recordId: id,
        conviction: 'PC 484(a) (misdemeanor), case 25CR04321',
        remedy: 'pc1203.4',
        before: {
          rulesVersion: shown.rulesVersion,
          determination: 'eligible_later',
          eligibleOn: '2027-03-01',
        },
        after: {
          rulesVersion: shown.rulesVersion,
          determination: 'eligible_later',
          eligibleOn: '2027-03-02',
        },
      },
    ]);
    await attorney.eligibility.suggestions({ matterId: onProbation });
    expect((await attorney.eligibility.reviewList()).map((r) => r.matterId)).not.toContain(onProbation);
  });

  it('suggests arrest relief for the matter’s arrests and lists an arrest whose suggestion changed', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const attorney = await api.signedIn('alameda.attorney');
    const recorded = await attorney.referrals.record(anotherPerson(2));
    const arrested = recorded.matters[0]?.id ?? '';
    await attorney.eligibility.savePersonFacts({ matterId: arrested, version: 0, facts: noBars });
    const { id } = await attorney.arrests.add({
      matterId: arrested,
      arrest: {
        arrestDate: '2026-06-01',
        code: 'PC',
        section: '484(a)',
        level: 'misdemeanor',
        disposition: 'no_charges',
      },
    });
    const shown = await attorney.eligibility.suggestions({ matterId: arrested });
    expect(shown.results).toEqual([]);
    const remedies = shown.arrestResults.find((r) => r.arrestId === id)?.remedies ?? [];
    expect(remedies.map((r) => r.remedy)).toEqual(expect.arrayContaining(['pc851.91', 'pc851.93']));
    const automatic = remedies.find((r) => r.remedy === 'pc851.93');
    expect(automatic?.determination).toBe('eligible_later');
    const remembered = await api.database.db
      .selectFrom('arrest_suggestions')
      .select(['remedy', 'determination', 'eligible_on'])
      .where('arrest_id', '=', id)
      .orderBy('remedy')
      .execute();
    expect(remembered).toEqual(
      remedies
        .map((r) => ({ remedy: r.remedy, determination: r.determination, eligible_on: r.eligibleOn }))
        .sort((a, b) => a.remedy.localeCompare(b.remedy)),
    );
    expect((await attorney.eligibility.reviewList()).map((r) => r.matterId)).not.toContain(arrested);

    await api.database.db
      .updateTable('arrest_suggestions')
      .set({ determination: 'not_eligible', eligible_on: null })
      .where('arrest_id', '=', id)
      .where('remedy', '=', 'pc851.93')
      .execute();
    const review = await attorney.eligibility.reviewList();
    expect(review.find((r) => r.matterId === arrested)?.changes).toEqual([
      {
        record: 'arrest',
        recordId: id,
        conviction: 'PC 484(a) (misdemeanor) arrest of Jun 1, 2026, no charges filed',
        remedy: 'pc851.93',
        before: { rulesVersion: shown.rulesVersion, determination: 'not_eligible', eligibleOn: null },
        after: {
          rulesVersion: shown.rulesVersion,
          determination: 'eligible_later',
          eligibleOn: automatic?.eligibleOn ?? null,
        },
      },
    ]);

    // A removed arrest's suggestions go with it.
    await attorney.arrests.remove({ arrestId: id, version: 1 });
    expect((await attorney.eligibility.reviewList()).map((r) => r.matterId)).not.toContain(arrested);
    expect((await attorney.eligibility.suggestions({ matterId: arrested })).arrestResults).toEqual([]);
  });
});
