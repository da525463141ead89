// A decision is recorded on the facts of its day, with what the rules suggested then. When the rules,
// run today on the conviction's and the person's facts as they are now, suggest something else (a
// probation violated since, a felony reduced), the papers would ask relief on facts that no longer
// hold: the packet is held, naming the conviction and both suggestions, until the decision is
// recorded again. An edit the rules do not react to (the court's name) holds nothing.
import { testDialects } from '@relief-desk/db/testing';
import type { ConvictionFieldsInput, Determination, PersonFacts, RemedyId } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { convictionInput, openMatter, refusal } from '../lifecycle-fixtures.ts';
import { setUpFiling } from './fixtures.ts';

const NONE: PersonFacts = {
  currentlyCharged: 'no',
  underSupervision: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
};

const LABELS: Partial<Record<Determination, string>> = {
  eligible_mandatory: 'Eligible (mandatory)',
  eligible_discretionary: 'Eligible (discretionary)',
  not_eligible: 'Not eligible',
  already_relieved: 'Already relieved',
};

describe.each(testDialects())('packets on a decision made on other facts (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  let cases = 0;
  /** A conviction whose suggestion for the remedy was accepted, and a petition on it with its packet drawn. */
  async function accepted(remedy: RemedyId, facts: Partial<ConvictionFieldsInput>) {
    cases += 1;
    const caseNumber = `18CR0${5000 + cases}`;
    const matterId = await openMatter(api, 'alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.eligibility.savePersonFacts({ matterId, version: 0, facts: NONE });
    const conviction = convictionInput({ caseNumber, ...facts });
    const { id: convictionId } = await attorney.convictions.add({ matterId, conviction });
    const suggestionOf = async () => {
      const s = await attorney.eligibility.suggestions({ matterId });
      const found = s.results
        .find((r) => r.convictionId === convictionId)
        ?.remedies.find((r) => r.remedy === remedy);
      return { rulesVersion: s.rulesVersion ?? '', determination: found?.determination };
    };
    const before = await suggestionOf();
    expect(['eligible_mandatory', 'eligible_discretionary']).toContain(before.determination);
    await attorney.decisions.acceptSuggestions({
      convictionId,
      accept: [
        {
          remedy,
          supersedes: null,
          rulesVersion: before.rulesVersion,
          determination: before.determination as Determination,
        },
      ],
    });
    const petition = await attorney.petitions.create({
      matterId,
      remedy,
      convictionIds: [convictionId],
      formSet: 'cr180_cr181',
      court: 'Superior Court of California, County of Alameda',
      courthouse: 'René C. Davidson Courthouse',
    });
    const petitionId = petition.id;
    if (before.determination === 'eligible_discretionary')
      await attorney.packets.saveDeclaration({
        petitionId,
        version: 0,
        rehabilitation: 'I have worked steadily and cared for my family.',
        employment: '',
        communityTies: '',
        otherReasons: '',
      });
    const check = await attorney.packets.check({ petitionId, attorneyId: null });
    expect(check.missing).toEqual([]);
    const packet = await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    expect(packet.version).toBe(1);
    const edit = async (changes: Partial<ConvictionFieldsInput>) => {
      const row = await api.database.db
        .selectFrom('convictions')
        .select('version')
        .where('id', '=', convictionId)
        .executeTakeFirstOrThrow();
      await attorney.convictions.edit({
        convictionId,
        version: row.version,
        conviction: { ...conviction, ...changes },
      });
    };
    const stateOf = async () =>
      (await attorney.filings.overview({ county: 'Alameda' })).candidates.find(
        (c) => c.petitionId === petitionId,
      )?.state;
    expect(await stateOf()).toBe('ready');
    return { convictionId, petitionId, caseNumber, before, suggestionOf, edit, stateOf };
  }

  it.each([
    {
      what: 'PC 1203.4: probation completed, then violated',
      remedy: 'pc1203.4' as RemedyId,
      facts: {
        code: 'VC',
        section: '10851(a)',
        level: 'felony',
        wobbler: 'yes',
        convictionDate: '2018-03-15',
        sentenceKind: 'probation',
        endDate: '2021-03-14',
        probationOutcome: 'completed',
      } as Partial<ConvictionFieldsInput>,
      change: { probationOutcome: 'violated' } as Partial<ConvictionFieldsInput>,
      names: 'VC 10851(a), felony, case',
    },
    {
      what: 'PC 17(b): a felony wobbler, then recorded as reduced to a misdemeanor',
      remedy: 'pc17b' as RemedyId,
      facts: {
        code: 'PC',
        section: '459',
        level: 'felony',
        wobbler: 'yes',
        convictionDate: '2017-06-01',
        sentenceKind: 'probation',
        endDate: '2020-06-01',
        probationOutcome: 'completed',
      } as Partial<ConvictionFieldsInput>,
      change: { level: 'misdemeanor' } as Partial<ConvictionFieldsInput>,
      names: 'PC 459, misdemeanor, case',
    },
  ])(
    '$what: held, naming the conviction and both suggestions; preparing is refused; the filing list follows',
    async ({ remedy, facts, change, names }) => {
      const attorney = await api.signedIn('alameda.attorney');
      const c = await accepted(remedy, facts);
      await c.edit(change);
      const now = await c.suggestionOf();
      expect(now.determination).not.toBe(c.before.determination);

      const check = await attorney.packets.check({ petitionId: c.petitionId, attorneyId: null });
      expect(check.ready).toBe(false);
      const outdated = check.missing.filter((m) => m.code === 'decision_outdated');
      expect(outdated).toEqual([
        { code: 'decision_outdated', convictionId: c.convictionId, message: expect.any(String) },
      ]);
      const message = outdated[0]?.message ?? '';
      expect(message).toContain(`${names} ${c.caseNumber}`);
      expect(message).toContain(`“${LABELS[c.before.determination as Determination]}”`);
      if (now.determination) expect(message).toContain(`“${LABELS[now.determination]}”`);
      expect(message).toContain('record the decision again');

      const refused = await refusal(
        attorney.packets.prepare({
          petitionId: c.petitionId,
          attorneyId: api.userIds['alameda.attorney'],
          baseVersion: 1,
        }),
      );
      expect(refused.fields).toContainEqual({ path: 'missing.decision_outdated', message });
      expect(await c.stateOf()).toBe('incomplete');
    },
  );

  it('recording the decision again on today’s suggestion lifts the hold', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const c = await accepted('pc1203.4', {
      code: 'VC',
      section: '10851(a)',
      level: 'felony',
      wobbler: 'yes',
      convictionDate: '2018-03-15',
      endDate: '2021-03-14',
    });
    await c.edit({ probationOutcome: 'violated' });
    const now = await c.suggestionOf();
    expect(now.determination).toBe('eligible_discretionary');
    const history = await attorney.decisions.history({ convictionId: c.convictionId, remedy: 'pc1203.4' });
    await attorney.decisions.acceptSuggestions({
      convictionId: c.convictionId,
      accept: [
        {
          remedy: 'pc1203.4',
          supersedes: history.at(-1)?.id ?? null,
          rulesVersion: now.rulesVersion,
          determination: 'eligible_discretionary',
        },
      ],
    });
    const check = await attorney.packets.check({ petitionId: c.petitionId, attorneyId: null });
    // Now discretionary: the declaration in support is asked for, not the decision again.
    expect(check.missing.map((m) => m.code)).toEqual(['declaration']);
  });

  it('an edit the rules do not react to (the court’s name) does not hold the packet', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const c = await accepted('pc1203.4', {
      code: 'VC',
      section: '10851(a)',
      level: 'felony',
      wobbler: 'yes',
    });
    await c.edit({ court: 'Superior Court of California, County of Alameda (Hayward Hall of Justice)' });
    expect((await c.suggestionOf()).determination).toBe(c.before.determination);
    const check = await attorney.packets.check({ petitionId: c.petitionId, attorneyId: null });
    expect(check.missing).toEqual([]);
    expect(check.ready).toBe(true);
    expect(await c.stateOf()).not.toBe('incomplete');
  });
});
