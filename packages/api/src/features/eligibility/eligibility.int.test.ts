import { testDialects } from '@relief-desk/db/testing';
import type { ConvictionFieldsInput } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

const drugPossession: ConvictionFieldsInput = {
  caseNumber: '12CR00777',
  county: 'Alameda',
  court: '',
  code: 'HS',
  section: '11350(a)',
  level: 'felony',
  wobbler: 'unknown',
  convictionDate: '2012-04-12',
  sentenceKind: 'probation',
  mandatorySupervision: 'unknown',
  endDate: '2014-04-12',
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

describe.each(testDialects())('the eligibility assistant (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;
  let convictionId: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const attorney = await api.signedIn('alameda.attorney');
    const recorded = await attorney.referrals.record(referralInput());
    matterId = recorded.matters[0]?.id ?? '';
    convictionId = (await attorney.convictions.add({ matterId, conviction: drugPossession })).id;
    await attorney.eligibility.savePersonFacts({ matterId, version: 0, facts: noBars });
  });
  afterAll(async () => api.destroy());

  const prop47 = async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const suggestions = await attorney.eligibility.suggestions({ matterId });
    const remedies = suggestions.results.find((r) => r.convictionId === convictionId)?.remedies ?? [];
    return { suggestions, prop47: remedies.find((r) => r.remedy === 'prop47') };
  };

  it('says on the timeline which person facts changed, citations and acronyms as written', async () => {
    const events = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'person_facts')
      .execute();
    expect(events.map((e) => e.summary)).toEqual([
      'Facts about the person updated (currently charged with an offense anywhere: no; on probation, parole, PRCS or mandatory supervision: no; serving a sentence: no; required to register under PC 290: no; has a prior listed in PC 667(e)(2)(C)(iv) (“superstrike”): no).',
    ]);
  });

  it('suggests a determination per remedy with reasons and citations, naming the rules version', async () => {
    const { suggestions, prop47: suggestion } = await prop47();
    expect(suggestions.rulesVersion).toBe('ca-2024.10');
    expect(suggestion?.determination).toBe('eligible_mandatory');
    expect(suggestion?.reasons.every((r) => r.citation.length > 0)).toBe(true);
    const oneThousandAndFour = suggestions.results[0]?.remedies.find((r) => r.remedy === 'pc1203.4');
    expect(oneThousandAndFour?.determination).toBe('eligible_mandatory');
  });

  it('writes the remembered suggestions only when they change, not on every view', async () => {
    await prop47();
    const first = await api.database.db
      .selectFrom('eligibility_suggestions')
      .select('computed_at')
      .where('matter_id', '=', matterId)
      .execute();
    api.clock.advanceMinutes(5);
    await prop47();
    const again = await api.database.db
      .selectFrom('eligibility_suggestions')
      .select('computed_at')
      .where('matter_id', '=', matterId)
      .execute();
    expect(again).toEqual(first);
    api.clock.advanceMinutes(-5);
  });

  it('shows the suggestions to everyone who opens a matter at once, the first time they are remembered', async () => {
    // Fresh matters, each with a conviction whose suggestions nobody has seen yet: six views of each at
    // once (tabs, colleagues) all answer, and the matter keeps one remembered suggestion per remedy.
    const attorney = await api.signedIn('alameda.attorney');
    const matters: string[] = [];
    for (let i = 0; i < 3; i++) {
      const client = {
        ...referralInput().client,
        legalName: `Rosa Ibarra ${'ABC'[i]}`,
        otherNames: [],
        dateOfBirth: `1975-0${i + 1}-15`,
        phone: `(510) 555-014${i}`,
        email: `rosa${i}@example.net`,
      };
      const fresh = (await attorney.referrals.record(referralInput({ client }))).matters[0]?.id ?? '';
      await attorney.convictions.add({
        matterId: fresh,
        conviction: { ...drugPossession, caseNumber: `12CR0088${i}` },
      });
      matters.push(fresh);
    }
    const views = await Promise.allSettled(
      matters.flatMap((id) =>
        Array.from({ length: 6 }, () => attorney.eligibility.suggestions({ matterId: id })),
      ),
    );
    expect(
      views.filter((v) => v.status === 'rejected').map((v) => String((v as PromiseRejectedResult).reason)),
    ).toEqual([]);
    for (const id of matters) {
      const shown = (await attorney.eligibility.suggestions({ matterId: id })).results.flatMap(
        (r) => r.remedies,
      );
      const remembered = await api.database.db
        .selectFrom('eligibility_suggestions')
        .select(['remedy', 'determination'])
        .where('matter_id', '=', id)
        .orderBy('remedy')
        .execute();
      expect(remembered).toEqual(
        shown
          .map((r) => ({ remedy: r.remedy, determination: r.determination }))
          .sort((a, b) => a.remedy.localeCompare(b.remedy)),
      );
    }
  });

  it('lets an attorney accept a suggestion in one action, recording the rules version that made it', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { prop47: suggestion } = await prop47();
    await attorney.decisions.record({
      convictionId,
      remedy: 'prop47',
      determination: 'eligible_mandatory',
      reasons: suggestion?.reasons.map((r) => `${r.text} (${r.citation})`).join(' ') ?? '',
      supersedes: null,
      suggestion: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory' },
    });
    const decision = await api.database.db
      .selectFrom('eligibility_decisions')
      .selectAll()
      .where('conviction_id', '=', convictionId)
      .executeTakeFirstOrThrow();
    expect([decision.rules_version, decision.suggested_determination, decision.determination]).toEqual([
      'ca-2024.10',
      'eligible_mandatory',
      'eligible_mandatory',
    ]);
  });

  it('requires a reason to override a suggestion, and refuses a suggestion the rules no longer make', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const current = await api.database.db
      .selectFrom('eligibility_decisions')
      .select('id')
      .where('conviction_id', '=', convictionId)
      .executeTakeFirstOrThrow();
    const override = {
      convictionId,
      remedy: 'prop47' as const,
      determination: 'not_eligible' as const,
      reasons: 'Value of the property is disputed.',
      supersedes: current.id,
      suggestion: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory' as const },
    };
    await expect(attorney.decisions.record(override)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      attorney.decisions.record({
        ...override,
        suggestion: { rulesVersion: 'ca-2021.01', determination: 'eligible_mandatory' },
        overrideReason: 'x',
      }),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringContaining('The suggestion changed'),
    });
    await attorney.decisions.record({
      ...override,
      overrideReason: 'The court file shows a prior that bars relief.',
    });
    const history = await attorney.decisions.history({ convictionId, remedy: 'prop47' });
    expect(history.map((h) => h.determination)).toEqual(['not_eligible', 'eligible_mandatory']);
    expect(history[0]?.overrideReason).toBe('The court file shows a prior that bars relief.');
  });

  it('lists matters whose suggestions change when the rules in force change (SB 749, in effect 2023-10-10)', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    api.clock.set('2023-06-01T18:00:00.000Z');
    const before = await prop47();
    expect([before.suggestions.rulesVersion, before.prop47?.determination]).toEqual([
      'ca-2023.01',
      'eligible_discretionary',
    ]);
    expect(await attorney.eligibility.reviewList()).toEqual([]);

    api.clock.set('2026-11-28T18:00:00.000Z');
    const review = await attorney.eligibility.reviewList();
    expect(review).toHaveLength(1);
    expect(review[0]?.matterId).toBe(matterId);
    expect(review[0]?.changes).toContainEqual({
      record: 'conviction',
      recordId: convictionId,
      conviction: 'HS 11350(a) (felony), case 12CR00777',
      remedy: 'prop47',
      before: { rulesVersion: 'ca-2023.01', determination: 'eligible_discretionary', eligibleOn: null },
      after: { rulesVersion: 'ca-2024.10', determination: 'eligible_mandatory', eligibleOn: null },
    });

    // Seeing the new suggestions settles the review.
    await prop47();
    expect(await attorney.eligibility.reviewList()).toEqual([]);
  });

  it('keeps criminal history from users without the RAP sheet permission, and other offices', async () => {
    const intake = await api.signedIn('alameda.intake');
    await expect(intake.eligibility.suggestions({ matterId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await api.signedIn('bayLegal.attorney');
    await expect(other.eligibility.suggestions({ matterId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      other.eligibility.savePersonFacts({ matterId, version: 1, facts: noBars }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'office_id'])
      .where('outcome', '=', 'denied')
      .where('action', 'like', 'eligibility.%')
      .execute();
    const inOffice = (office: string) =>
      refusals
        .filter((r) => r.office_id === office)
        .map((r) => r.action)
        .sort();
    expect(inOffice(api.officeIds.alameda)).toEqual([
      // The other office's attempts on this office's matter are on record here too.
      'eligibility.savePersonFacts',
      'eligibility.suggestions',
      'eligibility.suggestions',
    ]);
    expect(inOffice(api.officeIds.bayLegal)).toEqual([
      'eligibility.savePersonFacts',
      'eligibility.suggestions',
    ]);
  });

  it('refuses saving person facts over a newer save, naming who made it', async () => {
    const supervisor = await api.signedIn('alameda.supervisor');
    await expect(
      supervisor.eligibility.savePersonFacts({
        matterId,
        version: 0,
        facts: { ...noBars, currentlyCharged: 'yes' },
      }),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringContaining('Attorney of Alameda County Public Defender'),
    });
    await supervisor.eligibility.savePersonFacts({
      matterId,
      version: 1,
      facts: { ...noBars, currentlyCharged: 'yes' },
    });
    // A pending charge bars a PC 1203.4 petition now (PC 1203.4(a)(1)); Prop 47 has no such bar.
    const { suggestions, prop47: redesignation } = await prop47();
    const dismissal = suggestions.results[0]?.remedies.find((r) => r.remedy === 'pc1203.4');
    expect(dismissal?.determination).toBe('not_eligible');
    expect(redesignation?.determination).toBe('eligible_mandatory');
  });

  // Several rounds, so that on PostgreSQL the two transactions really do overlap in some of them.
  it.each([1, 2, 3])(
    'regression: two people saving a person’s facts at once: one wins, the other gets VERSION_CONFLICT (round %i)',
    async (round) => {
      const attorney = await api.signedIn('alameda.attorney');
      const supervisor = await api.signedIn('alameda.supervisor');
      const fresh = (
        await attorney.referrals.record(
          referralInput({
            client: {
              ...referralInput().client,
              legalName: `Facts Race ${'X'.repeat(round)}`,
              otherNames: [],
              // A person of their own each round: the same name words, birth date and phone would make
              // the next round a likely duplicate of the last, refused until resolved.
              dateOfBirth: `1970-01-0${round}`,
            },
          }),
        )
      ).matters[0]?.id;
      if (!fresh) throw new Error('no matter');
      const results = await Promise.allSettled([
        attorney.eligibility.savePersonFacts({ matterId: fresh, version: 0, facts: noBars }),
        supervisor.eligibility.savePersonFacts({
          matterId: fresh,
          version: 0,
          facts: { ...noBars, currentlyCharged: 'yes' },
        }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { appCode: 'VERSION_CONFLICT' },
      });
      const events = await api.database.db
        .selectFrom('matter_events')
        .select('id')
        .where('matter_id', '=', fresh)
        .where('kind', '=', 'person_facts')
        .execute();
      expect(events).toHaveLength(1);
    },
  );
});
