// A decision is recorded on the facts of its day, with what the rules suggested then. When the rules,
// run today on the conviction's and the person's facts as they are now, suggest something else (a
// probation violated since, a felony reduced), the papers would ask relief on facts that no longer
// hold: the packet is held, naming the conviction and both suggestions, until the decision is
// recorded again. So too a later conviction added to the matter, and an arrest's petition when the
// arrest is corrected. An edit the rules do not react to (the court's name) holds nothing.
import { testDialects } from '@relief-desk/db/testing';
import type { ConvictionFieldsInput, Determination, PersonFacts, RemedyId } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { arrestInput, convictionInput, openMatter, refusal } from '../lifecycle-fixtures.ts';
import { readyArrestPetition, setUpFiling } from './fixtures.ts';

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
        // The test clients prefer Spanish: the declaration is read to them.
        readToClientIn: 'es',
        translatorName: 'Rosa Delgado',
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

  it('a later conviction added to the matter: a PC 1203.4a decision made as of right is held', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const c = await accepted('pc1203.4a', {
      code: 'PC',
      section: '488',
      level: 'misdemeanor',
      wobbler: 'no',
      convictionDate: '2015-02-10',
      sentenceKind: 'jail_only',
      endDate: '2015-03-10',
    });
    expect(c.before.determination).toBe('eligible_mandatory');
    const matterId = (
      await api.database.db
        .selectFrom('petitions')
        .select('matter_id')
        .where('id', '=', c.petitionId)
        .executeTakeFirstOrThrow()
    ).matter_id;
    await attorney.convictions.add({
      matterId,
      conviction: convictionInput({
        caseNumber: '19CR07001',
        section: '484(a)',
        convictionDate: '2019-05-01',
      }),
    });
    const now = await c.suggestionOf();
    expect(now.determination).toBe('eligible_discretionary');
    const check = await attorney.packets.check({ petitionId: c.petitionId, attorneyId: null });
    const outdated = check.missing.find((m) => m.code === 'decision_outdated');
    expect(outdated?.message).toContain(`PC 488, misdemeanor, case ${c.caseNumber}`);
    expect(outdated?.message).toContain('“Eligible (mandatory)”');
    expect(outdated?.message).toContain('“Eligible (discretionary)”');
    expect(await c.stateOf()).toBe('incomplete');
  });

  it('an arrest corrected so the rules no longer suggest sealing as decided: its petition’s packet is held', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { arrestId, petitionId, matterId } = await readyArrestPetition(api, {
      caseNumber: '18CR08851',
      arrest: { disposition: 'acquitted' },
      reasons: 'Acquitted: sealing as of right (PC 851.91(a)(1)(A); PC 851.91(c)(1)).',
    });
    await attorney.packets.saveArrestingAgency({
      petitionId,
      version: 0,
      name: '',
      address: 'Records Division\n455 7th Street\nOakland, CA 94607',
    });
    const suggested = async () =>
      (await attorney.eligibility.suggestions({ matterId })).arrestResults
        .find((r) => r.arrestId === arrestId)
        ?.remedies.find((r) => r.remedy === 'pc851.91')?.determination;
    expect(await suggested()).toBe('eligible_mandatory');
    expect((await attorney.packets.check({ petitionId, attorneyId: null })).missing).toEqual([]);
    await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    // The court's record says the charges were dismissed, not that the client was acquitted: whether
    // they may be filed again is now the question.
    const row = await api.database.db
      .selectFrom('arrests')
      .select('version')
      .where('id', '=', arrestId)
      .executeTakeFirstOrThrow();
    await attorney.arrests.edit({
      arrestId,
      version: row.version,
      arrest: arrestInput({ code: 'PC', disposition: 'dismissed' }),
    });
    const now = await suggested();
    expect(now).not.toBe('eligible_mandatory');
    const check = await attorney.packets.check({ petitionId, attorneyId: null });
    const outdated = check.missing.filter((m) => m.code === 'decision_outdated');
    expect(outdated).toEqual([{ code: 'decision_outdated', arrestId, message: expect.any(String) }]);
    expect(outdated[0]?.message).toContain('the arrest PC 459, felony, of Apr 5, 2018');
    expect(outdated[0]?.message).toContain('“Eligible (mandatory)”');
    expect(outdated[0]?.message).toContain('record the decision again');
    const refused = await refusal(
      attorney.packets.prepare({ petitionId, attorneyId: api.userIds['alameda.attorney'], baseVersion: 1 }),
    );
    expect(refused.fields).toContainEqual({
      path: 'missing.decision_outdated',
      message: outdated[0]?.message,
    });
  });

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
    // Now discretionary: the declaration in support is asked for (and, the client preferring Spanish,
    // who reads it to them), not the decision again.
    expect(check.missing.map((m) => m.code)).toEqual(['declaration', 'declaration_translation']);
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
