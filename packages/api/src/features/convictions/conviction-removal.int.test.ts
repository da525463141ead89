// Removing a conviction entered by mistake: it leaves the matter (its list, the rules, the stage's
// facts, the case-number search, the RAP sheet's "already on the matter"), stays on record with who
// removed it and when, and is refused while a petition not withdrawn holds it, at a stale version,
// without the RAP sheet permission; a removed conviction is decided, petitioned, corrected and
// petitioned again no more. Then a walk of every query procedure of the router (read from the router,
// so a new one is walked the day it is added) on matters holding a removed conviction: none answers
// with it, but for the timeline's entries about it and its own history.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAt, inputsFor } from '../../procedure-fixtures.ts';
import { appRouter } from '../../router.ts';
import { removedConvictionsOn, seededMatters, seedOffice, setOfficeContacts } from '../../sentinels.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  convictionInput,
  decisionInput,
  expectEventAndAudit,
  expectRefusedWritingNothing,
  filedPetition,
  matterWithConviction,
  petitionInput,
  refusal,
} from '../lifecycle-fixtures.ts';
import { acceptSheet, readSheet } from '../rap-import/fixtures.ts';

describe.each(testDialects())('removing a conviction (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api?.destroy());

  const versionOf = async (convictionId: string) =>
    (
      await api.database.db
        .selectFrom('convictions')
        .select('version')
        .where('id', '=', convictionId)
        .executeTakeFirstOrThrow()
    ).version;

  it('takes it off the matter, the rules and the case-number search, on the timeline and on record', async () => {
    const { matterId, convictionId } = await matterWithConviction(api, { caseNumber: 'RM-2011-0451' });
    const attorney = await api.signedIn('alameda.attorney');
    const kept = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: 'RM-2014-0077' }),
    });
    const before = await attorney.matters.get({ matterId });
    expect(before.convictions?.map((c) => c.id)).toEqual([convictionId, kept.id]);
    const suggested = await attorney.eligibility.suggestions({ matterId });
    expect(suggested.results.map((r) => r.convictionId)).toContain(convictionId);

    const removed = await expectEventAndAudit(
      api,
      { matterId, kind: 'conviction_removed', who: 'alameda.attorney', action: 'convictions.remove' },
      () => attorney.convictions.remove({ convictionId, version: 1 }),
    );
    expect(removed.result).toEqual({ id: convictionId, version: 2 });
    expect(removed.summary).toMatch(/^Conviction removed: .*case RM-2011-0451\.$/);

    const after = await attorney.matters.get({ matterId });
    expect(after.convictions?.map((c) => c.id)).toEqual([kept.id]);
    expect(after.timeline.find((e) => e.kind === 'conviction_removed')?.summary).toBe(removed.summary);
    const rules = await attorney.eligibility.suggestions({ matterId });
    expect(rules.results.map((r) => r.convictionId)).toEqual([kept.id]);
    const stored = await api.database.db
      .selectFrom('eligibility_suggestions')
      .select('conviction_id')
      .where('matter_id', '=', matterId)
      .execute();
    expect(stored.map((s) => s.conviction_id)).not.toContain(convictionId);
    // The row stays, marked: who removed it and when.
    const row = await api.database.db
      .selectFrom('convictions')
      .select(['removed_at', 'removed_by', 'case_number'])
      .where('id', '=', convictionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      removed_at: api.clock.now().toISOString(),
      removed_by: api.userIds['alameda.attorney'],
      case_number: 'RM-2011-0451',
    });
    // Searched by its case number, the matter is found by the conviction it still has only.
    const found = async (search: string) =>
      (await attorney.matters.list({ queue: 'all', search })).items.map((m) => m.id);
    expect(await found('RM-2011')).not.toContain(matterId);
    expect(await found('RM2014')).toContain(matterId);
    // What was said of it stays readable, with the permission.
    const history = await attorney.convictions.history({ convictionId });
    expect(history).toHaveLength(1);
  });

  it('is refused at a stale version, a second time, without the permission, and on another office’s matter', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.convictions.edit({
      convictionId,
      version: 1,
      conviction: convictionInput({ court: 'Hayward' }),
    });
    const stale = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.remove({ convictionId, version: 1 }),
    );
    expect(stale.code).toBe('CONFLICT');
    const intake = await api.signedIn('alameda.intake');
    const denied = await expectRefusedWritingNothing(api, () =>
      intake.convictions.remove({ convictionId, version: 2 }),
    );
    expect(denied.message).toMatch(/^RAP sheets and criminal history need their own permission/);
    const stranger = await api.signedIn('bayLegal.attorney');
    expect(
      (
        await expectRefusedWritingNothing(api, () =>
          stranger.convictions.remove({ convictionId, version: 2 }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await attorney.convictions.remove({ convictionId, version: 2 });
    const again = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.remove({ convictionId, version: 3 }),
    );
    expect(again.code).toBe('NOT_FOUND');
  });

  it('once removed, is no more corrected, decided or petitioned', async () => {
    const { matterId, convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.convictions.remove({ convictionId, version: 1 });
    const version = await versionOf(convictionId);
    for (const call of [
      () => attorney.convictions.edit({ convictionId, version, conviction: convictionInput() }),
      () => attorney.decisions.record(decisionInput(convictionId)),
    ])
      expect((await expectRefusedWritingNothing(api, call)).code).toBe('NOT_FOUND');
    const drafted = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.create(petitionInput(matterId, [convictionId])),
    );
    expect(drafted.message).toBe(
      'A conviction chosen has been removed from the matter: reload the page and choose from the convictions it has now.',
    );
  });

  it('waits while a petition not withdrawn holds it; a withdrawn petition on it is not taken up again', async () => {
    const { matterId, convictionId } = await matterWithConviction(api, { caseNumber: 'RM-2009-1200' });
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.decisions.record(decisionInput(convictionId));
    const { id: petitionId } = await attorney.petitions.create(petitionInput(matterId, [convictionId]));
    const drafted = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.remove({ convictionId, version: 1 }),
    );
    expect(drafted.message).toBe(
      'Its petition (PC 1203.4 dismissal, case RM-2009-1200) is drafted: set the petition to “Withdrawn” first, then remove the conviction.',
    );
    await attorney.petitions.update(filedPetition(petitionId, 1, [convictionId]));
    const filed = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.remove({ convictionId, version: 1 }),
    );
    expect(filed.message).toMatch(
      /^Its petition \(PC 1203\.4 dismissal, case RM-2009-1200\) is filed with the court: if the conviction was entered wrongly, correct it instead, or first set the petition to “Withdrawn”/,
    );
    await attorney.petitions.update(filedPetition(petitionId, 2, [convictionId], { status: 'withdrawn' }));
    await attorney.convictions.remove({ convictionId, version: 1 });
    // The withdrawn petition lists no conviction the matter no longer has.
    const matter = await attorney.matters.get({ matterId });
    expect(matter.petitions.find((p) => p.id === petitionId)?.convictions).toEqual([]);
    const reopened = await refusal(
      attorney.petitions.update(filedPetition(petitionId, 3, [], { status: 'draft', filedOn: null })),
    );
    expect(reopened.message).toBe(
      'A conviction this petition was drafted on has been removed from the matter, so the petition stays withdrawn. Draft a new petition from the records the matter has now.',
    );
  });

  it('read again from the RAP sheet, is proposed as new, not as already on the matter', async () => {
    const { matterId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const read = () => readSheet(api, attorney, matterId);
    const first = await read();
    const [proposal] = first.review.proposals.filter((p) => p.status === 'new');
    if (!proposal) throw new Error('the sheet proposes no new conviction');
    await acceptSheet(attorney, first.importId, first.review, { convictions: (key) => key === proposal.key });
    const statusOf = async () => (await read()).review.proposals.find((p) => p.key === proposal.key)?.status;
    expect(await statusOf()).not.toBe('new');
    const entered = await api.database.db
      .selectFrom('rap_import_items')
      .select('conviction_id')
      .where('import_id', '=', first.importId)
      .where('conviction_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const convictionId = entered.conviction_id ?? '';
    await attorney.convictions.remove({ convictionId, version: await versionOf(convictionId) });
    expect(await statusOf()).toBe('new');
  });
});

/** The case number of the conviction removed from the i-th matter: nowhere else in the seed. */
const REMOVED_CASE = (i: number) => `RMVD-${i}-7731`;
const ANY_REMOVED = /RMVD-?\d-?7731/i;

describe.each(testDialects())('a removed conviction in no answer: the query walk (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  }, 120_000);
  afterAll(async () => api?.destroy());

  it('every query, on matters holding a removed conviction, answers without it', async () => {
    await setOfficeContacts(api);
    const records = await seedOffice(api, 'alameda');
    const attorney = await api.signedIn('alameda.attorney');
    const matters = seededMatters(records);
    const { ids: removedIds, cases: removedCases } = await removedConvictionsOn(api, records, REMOVED_CASE);
    expect(removedIds.length).toBeGreaterThanOrEqual(3);

    // What is said of a removed conviction on purpose: the timeline's entries about it.
    const events = await api.database.db.selectFrom('matter_events').select(['summary', 'data']).execute();
    const aboutRemoved = events
      .filter((e) => removedIds.some((id) => (e.data ?? '').includes(id)))
      .map((e) => JSON.stringify(e.summary).slice(1, -1));
    expect(aboutRemoved.length).toBeGreaterThanOrEqual(removedIds.length * 3);

    const queries = Object.entries(appRouter._def.procedures)
      .filter(([, procedure]) => (procedure as unknown as { _def: { type: string } })._def.type === 'query')
      .map(([path]) => path);
    expect(queries.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    let calls = 0;
    for (const who of ['alameda.attorney', 'alameda.supervisor'] as const) {
      const caller = await api.signedIn(who);
      for (const matterId of matters) {
        // Every query with the walk's inputs, its matter this one, and the searches that could find it.
        const inputs = inputsFor({ ...records, outcomeMatterId: matterId, hearingMatterId: matterId });
        const walked: [string, unknown][] = [
          ...queries.map((p): [string, unknown] => [p, inputs[p]]),
          ['matters.get', { matterId }],
          ...removedCases.map((search): [string, unknown] => ['matters.list', { queue: 'all', search }]),
        ];
        for (const [path, input] of walked) {
          if (path === 'convictions.history' || path === 'decisions.history') continue;
          let text = await answerAt(caller, path, input);
          calls++;
          for (const said of aboutRemoved) text = text.split(said).join('');
          const at = text.search(ANY_REMOVED);
          if (at >= 0) leaks.push(`${who} ${path}: …${text.slice(Math.max(0, at - 120), at + 20)}…`);
        }
      }
    }
    console.log(
      `removed-conviction walk (${dialect}): ${calls} calls (${queries.length} query procedures but a record's own history, the matter page and ${removedCases.length} case-number searches, on ${matters.length} matters, ${removedIds.length} holding a removed conviction, as 2 callers); ${leaks.length} answers with one`,
    );
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(400);
    // Searched by a removed conviction's case number, no matter is found by it.
    for (const search of removedCases)
      expect((await attorney.matters.list({ queue: 'all', search })).items, search).toEqual([]);
    // Its own history stays readable: what it was, and the decisions made on it.
    const [first] = removedIds;
    expect(JSON.stringify(await attorney.convictions.history({ convictionId: first ?? '' }))).toMatch(
      ANY_REMOVED,
    );
  });
});
