// Every refusal writes an audit row (docs/security-and-privacy.md), walked over the whole router:
// every mutation is called as an administrator of each office with the inputs of
// procedure-fixtures.ts, and each one refused (a stale version, bad input, a record not found…) must
// have put one row on record under its name, outside the transaction that rolled back. The versioned
// ones (version 999, which no record has had) must be refused as stale and say so on the log's page.
// Generated from the router: a new mutation is walked without being listed here.
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFor, procedureAt } from './procedure-fixtures.ts';
import { appRouter } from './router.ts';
import { OFFICES, type Records, seedSentinels } from './sentinels.ts';
import { type ApiHarness, createApiHarness } from './testing.ts';

const STALE = 999;

// Signing in and out, sessions and second factors end or change the walk's own sessions, and the
// one-time links are not a signed-in person's: their refusals are put on record by their own code.
const mutations = Object.entries(appRouter._def.procedures)
  .filter(([, procedure]) => (procedure as unknown as { _def: { type: string } })._def.type === 'mutation')
  .map(([path]) => path)
  .filter((p) => !p.startsWith('auth.') && !p.startsWith('invitations.') && !p.startsWith('passwordResets.'));

const isStale = (input: unknown) => {
  const i = input as { version?: unknown; baseVersion?: unknown } | undefined;
  return i?.version === STALE || i?.baseVersion === STALE;
};

describe.each(testDialects())('every refused mutation is on record (%s)', (dialect) => {
  let api: ApiHarness;
  const records = {} as Record<(typeof OFFICES)[number], Records>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    Object.assign(records, await seedSentinels(api));
  }, 120_000);
  afterAll(async () => api?.destroy());

  // The person's refusals on their own office's log, under any name: a few steps are on record under
  // a name of their own (drafting a petition from an arrest is petitions.create).
  const deniedRows = (office: (typeof OFFICES)[number]) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['id', 'action', 'detail'])
      .where('actor_id', '=', api.userIds[`${office}.admin`])
      .where('office_id', '=', api.officeIds[office])
      // A refusal the function put on record itself may say "failed" (a packet refused for what it
      // misses): that row is its refusal on record.
      .where('outcome', 'in', ['denied', 'failed'])
      .orderBy('id')
      .execute();

  it('puts every refused mutation on record once, and every stale save as refused for its version', async () => {
    const unrecorded: string[] = [];
    const twice: string[] = [];
    const staleNotSaid: string[] = [];
    const refusedAsStale = new Set<string>();
    let refusals = 0;
    expect(mutations.length, 'the walk finds the mutations').toBeGreaterThan(60);
    for (const office of OFFICES) {
      const inputs = inputsFor(records[office]);
      const admin = await api.signedIn(`${office}.admin`);
      for (const path of mutations) {
        const before = (await deniedRows(office)).length;
        const error = await procedureAt(
          admin,
          path,
        )(inputs[path]).then(
          () => null,
          (e: { appCode?: string; code?: string }) => e,
        );
        if (!error || error.appCode === 'INTERNAL' || error.appCode === 'UNAVAILABLE') continue;
        refusals++;
        const rows = await deniedRows(office);
        const added = rows.length - before;
        if (added === 0) unrecorded.push(`${office} ${path} (${error.appCode ?? error.code})`);
        if (added > 1) twice.push(`${office} ${path} (${added} rows)`);
        if (!isStale(inputs[path]) || error.appCode !== 'VERSION_CONFLICT') continue;
        refusedAsStale.add(path);
        const newest = rows.at(-1);
        if (newest?.action !== path || !String(newest.detail).includes('version_conflict'))
          staleNotSaid.push(`${office} ${path}`);
      }
    }
    expect(unrecorded, `${refusals} refusals`).toEqual([]);
    expect(twice).toEqual([]);
    expect(staleNotSaid).toEqual([]);
    // The ones the tester found, among many more.
    expect([...refusedAsStale]).toEqual(
      expect.arrayContaining([
        'clients.update',
        'matters.moveStage',
        'messages.sendOutcome',
        'documents.recordReminder',
        'queues.setLimits',
      ]),
    );
    expect(refusedAsStale.size).toBeGreaterThan(15);
  }, 240_000);

  it('shows a stale save on the audit log page as refused because the record had changed, naming it', async () => {
    const r = records.alameda;
    const attorney = await api.signedIn('alameda.attorney');
    const matter = await attorney.matters.get({ matterId: r.hearingMatterId });
    await expect(
      attorney.matters.moveStage({ matterId: r.hearingMatterId, version: matter.version - 1, to: 'closed' }),
    ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
    const page = await (await api.signedIn('alameda.admin')).audit.list({
      action: 'matters.moveStage',
      outcome: 'denied',
      person: api.userIds['alameda.attorney'],
    });
    const [line] = page.lines.map((l) => auditSentenceText(l.sentence));
    expect(line).toMatch(
      /^Attorney of Alameda County Public Defender was refused: Move a matter’s stage, .+’s matter \d{4}-\d{5}: someone had saved a change to it since they opened it; nothing was saved$/,
    );
  });
});
