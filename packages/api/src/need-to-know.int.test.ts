// Need to know, tested so that forgetting cannot fool it: sentinel criminal history (sections, court
// cases, decision reasons, court names, the text of a signed order and a docket) is seeded in both
// offices, then every procedure of the router (read from the router itself, so a new one is walked the
// day it is added) is called by every role, with and without the RAP sheet permission, on its own
// office's records and on the other office's. No response, error or log line may carry a sentinel, or
// the id of a criminal-history file, its caller should not see; nor, without the permission, a count
// of criminal-history records. Among the seeded records, a status update about the record that the
// outbox worker held as no longer right (sentinels.ts): its matter's messages, timeline and audit rows
// are read by every caller too.

import { testDialects } from '@relief-desk/db/testing';
import { CRIMINAL_HISTORY_COUNTS, WITHHELD } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAt, inputsFor, MissingProcedure, procedureAt } from './procedure-fixtures.ts';
import { appRouter, createCaller } from './router.ts';
import {
  forbiddenValues,
  OFFICES,
  type Records,
  ROLES,
  SENTINELS,
  seedSentinels,
  sentinelsOf,
} from './sentinels.ts';
import {
  type ApiHarness,
  createApiHarness,
  type OfficeKey,
  referralInput,
  TEST_PASSWORD,
} from './testing.ts';

/**
 * The reads of one matter, called again on the matter of the message the outbox worker held (the
 * walk's own inputs name the outcome matter): its messages, its timeline, its audit rows.
 */
const heldMatterReads = (r: Records): [string, unknown][] => [
  // And the hearing matter's page: its court docket's request carries staff's label and note.
  ['matters.get', { matterId: r.hearingMatterId }],
  ['matters.get', { matterId: r.heldMatterId }],
  ['messages.forMatter', { matterId: r.heldMatterId }],
  ['audit.list', { matter: r.heldMatterId, limit: 200 }],
];

/** What the fact-based refusals of a "Not eligible" move say: decisions and counts (stage-machine.ts). */
const CONCLUSION_FACTS = /decided eligible|no relief decision|no eligibility decision|needs more information/;

/** How tRPC answers a path it has no procedure at. */
const NO_PROCEDURE = 'No procedure found on path';

/** Numbers under criminal-history keys anywhere in an answer (how many arrests moved, say), by path. */
function criminalHistoryCounts(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => criminalHistoryCounts(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'number' && CRIMINAL_HISTORY_COUNTS.has(key)
      ? [`${path}.${key}: ${v}`]
      : criminalHistoryCounts(v, `${path}.${key}`),
  );
}

describe.each(testDialects())('need to know: the sentinel walk (%s)', (dialect) => {
  let api: ApiHarness;
  const records = {} as Record<OfficeKey, Records>;
  const logLines: string[] = [];

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    Object.assign(records, await seedSentinels(api));
  }, 120_000);
  afterAll(async () => api.destroy());

  const versionOf = async (matterId: string) =>
    (
      await api.database.db
        .selectFrom('matters')
        .select('version')
        .where('id', '=', matterId)
        .executeTakeFirstOrThrow()
    ).version;

  /** A bulk input's selection with the matters' versions now, so the call reaches the bulk's logic. */
  async function withMatterVersions(input: unknown): Promise<unknown> {
    const selection = (input as { matters?: { id: string }[] } | undefined)?.matters;
    if (!Array.isArray(selection)) return input;
    const matters = await Promise.all(selection.map(async (m) => ({ ...m, version: await versionOf(m.id) })));
    return { ...(input as object), matters };
  }

  /**
   * "Not eligible" moves, with the matters' real versions, on a matter decided eligible and one with
   * arrests undecided: the facts refuse them (so the seed stays), and without the permission the
   * refusal must tell none of them.
   */
  async function conclusionMoves(r: Records): Promise<[string, unknown][]> {
    const matters = [r.decidedMatterId, r.undecidedArrestsMatterId];
    const versions = await Promise.all(matters.map(versionOf));
    return [
      ...matters.map((matterId, i): [string, unknown] => [
        'matters.moveStage',
        { matterId, version: versions[i], to: 'not_eligible' },
      ]),
      [
        'queues.bulkMoveStage',
        { matters: matters.map((id, i) => ({ id, version: versions[i] })), to: 'not_eligible' },
      ],
    ];
  }

  it('calls a procedure at any depth, and fails on a path the router has no procedure at', async () => {
    const caller = await api.signedIn('alameda.attorney');
    await expect(procedureAt(caller, 'auth.mfa.status')()).resolves.toMatchObject({ totp: null });
    // What the walks did before: a three-part path cut to two, answered NOT_FOUND and counted as a call.
    await expect(procedureAt(caller, 'auth.mfa')()).rejects.toBeInstanceOf(MissingProcedure);
    await expect(answerAt(caller, 'auth.mfa', undefined)).rejects.toBeInstanceOf(MissingProcedure);
    // A procedure's own NOT_FOUND (no such matter) is an answer, as it always was.
    expect(await answerAt(caller, 'matters.get', { matterId: 'no-such-matter' })).toContain('error');
  });

  it('no procedure shows criminal history to a caller without the permission, or to another office', async () => {
    const paths = Object.keys(appRouter._def.procedures);
    const uncovered = paths.filter((p) => !(p in inputsFor(records.alameda)));
    expect(uncovered, 'procedures the walk has no input for: add them to inputsFor').toEqual([]);
    // Signing out ends the caller's session: it goes last.
    const ordered = [...paths.filter((p) => p !== 'auth.signOut'), 'auth.signOut'];

    const leaks: string[] = [];
    let calls = 0;
    let ownSeen = 0;
    let ownFilesSeen = 0;
    let heldSeen = 0;
    let heldWithheld = 0;
    const deepCalls = new Set<string>();
    /** Bulk procedures that answered with rows (past input validation and the role check). */
    const bulkAnswered = new Set<string>();
    /** Callers without the permission refused a "Not eligible" move for it, by the procedure. */
    const conclusionsRefused = new Set<string>();
    for (const office of OFFICES) {
      for (const role of ROLES) {
        const user = await api.database.db
          .selectFrom('users')
          .select('can_view_rap_sheets')
          .where('id', '=', api.userIds[`${office}.${role}`])
          .executeTakeFirstOrThrow();
        const permitted = user.can_view_rap_sheets === 1;
        const signIn = api.context({ log: { error: (m, d) => logLines.push(`${m} ${String(d)}`) } });
        await createCaller(signIn).auth.signIn({
          email: `${role}@${office.toLowerCase()}.test`,
          password: TEST_PASSWORD,
        });
        const caller = createCaller(
          api.context({
            sessionToken: signIn.cookieJar.token,
            log: { error: (m, d) => logLines.push(`${m} ${String(d)}`) },
          }),
        );
        const other = OFFICES.find((o) => o !== office) ?? office;
        for (const target of [office, other]) {
          const inputs = inputsFor(records[target]);
          const walked: [string, unknown][] = [
            ...ordered.filter((p) => p !== 'auth.signOut').map((p): [string, unknown] => [p, inputs[p]]),
            ...heldMatterReads(records[target]),
            ...(await conclusionMoves(records[target])),
            ...(target === other ? [['auth.signOut', inputs['auth.signOut']] as [string, unknown]] : []),
          ];
          for (const [path, given] of walked) {
            const input = path.startsWith('queues.bulk') ? await withMatterVersions(given) : given;
            const text = await answerAt(caller, path, input);
            calls++;
            if (path.startsWith('queues.bulk') && text.includes('"rows":')) bulkAnswered.add(path);
            const concludes = (input as { to?: string } | undefined)?.to === 'not_eligible';
            if (!permitted && concludes && CONCLUSION_FACTS.test(text))
              leaks.push(`${office}.${role} without permission ${path} on ${target}: ${text}`);
            if (
              !permitted &&
              concludes &&
              target === office &&
              text.includes('RAP sheets and criminal history')
            )
              conclusionsRefused.add(path);
            // Reached, not answered "no procedure on this path" (what cutting the path to two parts did).
            if (path.split('.').length > 2 && !text.includes(NO_PROCEDURE)) deepCalls.add(path);
            const who = `${office}.${role} (${permitted ? 'with' : 'without'} permission) ${path} on ${target}`;
            const forbidden = forbiddenValues(records, office, permitted);
            for (const value of forbidden) {
              const at = text.indexOf(value);
              if (at >= 0) leaks.push(`${who}: …${text.slice(Math.max(0, at - 80), at + 20)}…`);
            }
            if (!permitted)
              for (const count of criminalHistoryCounts(JSON.parse(text))) leaks.push(`${who}: ${count}`);
            if (
              permitted &&
              path === 'matters.get' &&
              target === office &&
              text.includes(SENTINELS[office].cases[0])
            )
              ownSeen++;
            // The walk can see a file's id: the signed order's, on the matter page, to those allowed.
            if (
              permitted &&
              path === 'matters.get' &&
              target === office &&
              text.includes(records[office].orderFileId)
            )
              ownFilesSeen++;
            // The held message, on its matter's messages: the walk can see it, and see it withheld.
            if (
              path === 'messages.forMatter' &&
              target === office &&
              (input as { matterId: string }).matterId === records[office].heldMatterId &&
              text.includes('"held":true')
            ) {
              if (permitted && text.includes(SENTINELS[office].cases[1])) heldSeen++;
              if (!permitted && text.includes(WITHHELD)) heldWithheld++;
            }
          }
        }
      }
    }
    const logLeaks = logLines.filter((line) =>
      OFFICES.some((o) => sentinelsOf(o).some((v) => line.includes(v))),
    );
    console.log(
      `need-to-know walk (${dialect}): ${paths.length} procedures × ${OFFICES.length * ROLES.length} callers × 2 offices = ${calls} calls; ${leaks.length} leaks; ${logLeaks.length} log lines with criminal history`,
    );
    expect(leaks).toEqual([]);
    expect(logLeaks).toEqual([]);
    // The walk can fail: those with the permission do see their own office's records and files.
    expect(ownSeen).toBe(4);
    expect(ownFilesSeen).toBe(4);
    // The message the outbox worker held is walked too: shown to all of its office, its subject and
    // text (naming a sentinel case) to those with the permission only.
    expect([heldSeen, heldWithheld]).toEqual([4, 4]);
    // Procedures nested deeper than group.name (auth.mfa.*) were called, not cut to two parts.
    expect([...deepCalls].sort()).toEqual(paths.filter((p) => p.split('.').length > 2).sort());
    expect(deepCalls.size).toBeGreaterThan(0);
    // The bulk procedures were reached (their selections are valid), and "Not eligible" was refused
    // for the permission, by both doors, to callers without it.
    expect([...bulkAnswered].sort()).toEqual([
      'queues.bulkAddNote',
      'queues.bulkAssign',
      'queues.bulkMoveStage',
    ]);
    expect([...conclusionsRefused].sort()).toEqual(['matters.moveStage', 'queues.bulkMoveStage']);
    // No caller moved the seeded matters of the "Not eligible" moves.
    for (const office of OFFICES)
      for (const matterId of [records[office].decidedMatterId, records[office].undecidedArrestsMatterId])
        expect(
          await api.database.db
            .selectFrom('matters')
            .select('stage')
            .where('id', '=', matterId)
            .executeTakeFirstOrThrow(),
        ).toEqual({ stage: 'eligibility_review' });
  }, 300_000);

  it('a merge and its undo by an administrator without the permission tell no count of criminal-history records', async () => {
    // Two records of one person in each office (the second made by a typo at intake), the second with
    // two arrests. Bay Area's administrator has no RAP sheet permission; Alameda's holds it.
    for (const office of OFFICES) {
      const intake = await api.signedIn(`${office}.intake`);
      const attorney = await api.signedIn(`${office}.attorney`);
      const county = office === 'alameda' ? 'Alameda' : 'San Francisco';
      const record = async (legalName: string, phone: string) =>
        intake.referrals.record(
          referralInput({
            client: {
              ...referralInput().client,
              legalName,
              otherNames: [],
              dateOfBirth: '1969-04-05',
              phone,
              email: `${phone.slice(-2)}.${office.toLowerCase()}@example.net`,
            },
            counties: [county],
          }),
        );
      const kept = await record('Marta Quiroga', '(510) 555-0171');
      const duplicate = await record('Marta Quirogo', '(510) 555-0172');
      const matterId = duplicate.matters[0]?.id ?? '';
      for (const section of ['459', '484(a)'])
        await attorney.arrests.add({
          matterId,
          arrest: {
            arrestDate: '2016-02-03',
            code: 'PC',
            section,
            level: 'misdemeanor',
            disposition: 'no_charges',
          },
        });
      const admin = await api.signedIn(`${office}.admin`);
      const permitted = (await admin.auth.me()).canViewRapSheets;
      const preview = await admin.clients.mergePreview({
        survivingClientId: kept.clientId,
        mergedClientId: duplicate.clientId,
      });
      const merged = await admin.clients.merge({
        survivingClient: { id: kept.clientId, version: preview.surviving.client.version },
        mergedClient: { id: duplicate.clientId, version: preview.merged.client.version },
      });
      const survivor = await admin.clients.get({ clientId: kept.clientId });
      const undone = await admin.clients.undoMerge({
        mergeId: merged.mergeId,
        survivingClientVersion: survivor.client.version,
        mergedClientVersion: survivor.merges[0]?.mergedClient.version ?? 0,
      });
      const counts = [...criminalHistoryCounts(merged), ...criminalHistoryCounts(undone)];
      if (permitted) {
        // The check can fail: with the permission, the counts are there to see.
        expect(counts).toEqual(['.moved.arrests: 2', '.returned.arrests: 2']);
      } else {
        expect(counts, `${office}.admin without the permission`).toEqual([]);
        // They still see that the person's matters and messages moved, as before.
        expect(merged.moved.matters).toBe(1);
        expect(undone.returned.matters).toBe(1);
      }
    }
  });
});
