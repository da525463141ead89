// The audit log filtered on a client or a matter shows every row about its records: walked over
// every kind of record a row names (RECORDS_OF_MATTERS), with each row's matter found here apart, from
// the record's own table. A filing run holds several matters' petitions: its rows are under each.
import type { Readable } from 'node:stream';
import { testDialects } from '@relief-desk/db/testing';
import {
  AUDIT_ENTITY_TYPES,
  type AuditFiltersInput,
  auditSentenceText,
  californiaDate,
} from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_TABLES } from '../../audit.ts';
import { seedSentinels } from '../../sentinels.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { arrestInput, authedContext, OVERRIDE_REASON, openMatter, refusal } from '../lifecycle-fixtures.ts';
import { printLetter } from '../messages/letters.ts';
import { filingRunCsv, printFilingRun } from '../packets/filings.ts';
import { readyPetition } from '../packets/fixtures.ts';
import { type AuditEntry, RECORDS_OF_MATTERS } from './log.ts';

type Caller = Awaited<ReturnType<ApiHarness['signedIn']>>;

/** Every row of the filtered log, page by page. */
async function entriesUnder(caller: Caller, filters: AuditFiltersInput): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const page: Awaited<ReturnType<Caller['audit']['list']>> = await caller.audit.list({
      ...filters,
      cursor,
      limit: 200,
    });
    entries.push(...page.lines.flatMap((l) => l.entries));
    cursor = page.nextCursor;
    if (!cursor) return entries;
  }
  throw new Error('paging did not end');
}

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream);
}

/** The tester's matter: three arrests, two decided and petitioned, filed in a run with another matter's petition. */
async function arrestsFiled(api: ApiHarness) {
  const attorney = await api.signedIn('alameda.attorney');
  const matterId = await openMatter(api);
  const arrestIds: string[] = [];
  for (const [arrestDate, section] of [
    ['2018-04-05', '459'],
    ['2017-02-11', '484(a)'],
    ['2016-07-30', '594(a)'],
  ])
    arrestIds.push(
      (await attorney.arrests.add({ matterId, arrest: arrestInput({ code: 'PC', arrestDate, section }) })).id,
    );
  const petitionIds: string[] = [];
  for (const [i, arrestId] of arrestIds.slice(0, 2).entries()) {
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const { id } = await attorney.petitions.createForArrest({
      arrestId,
      county: 'Alameda',
      caseNumber: `18CR0045${i}`,
    });
    petitionIds.push(id);
    await attorney.packets.saveArrestingAgency({
      petitionId: id,
      version: 0,
      name: '',
      address: 'Records Division\n455 7th Street\nOakland, CA 94607',
    });
    await attorney.packets.prepare({
      petitionId: id,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
  }
  const other = await readyPetition(api, { caseNumber: '17CR07777' });
  await attorney.packets.prepare({
    petitionId: other.petitionId,
    attorneyId: api.userIds['alameda.attorney'],
    baseVersion: 0,
  });
  const overview = await attorney.filings.overview({ county: 'Alameda' });
  const run = await attorney.filings.createRun({
    county: 'Alameda',
    courthouseId: overview.courthouse?.id ?? null,
    petitionIds: [...petitionIds, other.petitionId],
  });
  await drain(
    (await printFilingRun(await authedContext(api, 'alameda.attorney', 'filings.printRun'), run.id)).stream,
  );
  await filingRunCsv(await authedContext(api, 'alameda.attorney', 'filings.exportCsv'), run.id);
  await attorney.filings.recordFiled({
    runId: run.id,
    version: run.version,
    filedOn: californiaDate(api.clock.now()),
    servedOn: null,
    petitions: [...petitionIds, other.petitionId].map((petitionId) => ({
      petitionId,
      hearingOn: null,
      ruleByOn: null,
    })),
  });
  // Another office reaching for one of the arrests: on this office's log too, about this matter.
  const elsewhere = await api.signedIn('bayLegal.attorney');
  await refusal(elsewhere.arrests.remove({ arrestId: arrestIds[2] ?? '', version: 1 }));
  return { matterId, arrestIds, petitionIds, runId: run.id, otherMatterId: other.matterId };
}

/**
 * The matter a record belongs to, read from each table a row's entity type may name (RECORD_TABLES):
 * its matter_id, or for a filing run the matters of its petitions. A table listed here with none is
 * no matter's; a table missing fails the walk by name.
 */
const MATTERS_OF_TABLE: Record<string, ((api: ApiHarness, id: string) => Promise<string[]>) | null> = {
  matters: async (api, id) =>
    (await api.database.db.selectFrom('matters').select('id').where('id', '=', id).execute()).map(
      (r) => r.id,
    ),
  ...Object.fromEntries(
    (
      [
        'convictions',
        'arrests',
        'petitions',
        'eligibility_decisions',
        'document_requests',
        'document_files',
        'rap_imports',
        'messages',
        'outbox',
      ] as const
    ).map((table) => [
      table,
      async (api: ApiHarness, id: string) =>
        (
          await api.database.db
            .selectFrom(table as 'convictions')
            .select('matter_id')
            .where('id', '=', id)
            .execute()
        ).flatMap((r) => (r.matter_id ? [r.matter_id] : [])),
    ]),
  ),
  filing_runs: async (api, id) =>
    (
      await api.database.db
        .selectFrom('filing_run_petitions')
        .innerJoin('petitions', 'petitions.id', 'filing_run_petitions.petition_id')
        .select('petitions.matter_id')
        .where('filing_run_petitions.run_id', '=', id)
        .execute()
    ).map((r) => r.matter_id),
  clients: null,
  invitations: null,
  message_templates: null,
  users: null,
};

describe.each(testDialects())('the audit log of a client or a matter (%s)', (dialect) => {
  let api: ApiHarness;
  let tester: Awaited<ReturnType<typeof arrestsFiled>>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Records of every kind in both offices, the filing settings among them.
    const { alameda } = await seedSentinels(api);
    tester = await arrestsFiled(api);
    // Rows of the kinds no step above writes: another office's attempts on a RAP sheet import and a
    // letter, on this office's log too.
    const elsewhere = await api.signedIn('bayLegal.attorney');
    await refusal(elsewhere.rapImports.cancel({ importId: alameda.rapImportId, version: 1 }));
    await refusal(
      printLetter(await authedContext(api, 'bayLegal.attorney', 'letters.print'), alameda.letterMessageId),
    );
  }, 240_000);
  afterAll(async () => api.destroy());

  it('a matter’s arrests, their decisions and the filing run of its petitions are under the matter and its client', async () => {
    const supervisor = await api.signedIn('alameda.supervisor');
    const { client_id: clientId } = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', tester.matterId)
      .executeTakeFirstOrThrow();
    for (const filters of [{ matter: tester.matterId }, { client: clientId }]) {
      const entries = await entriesUnder(supervisor, filters);
      const count = (action: string) =>
        entries.filter((e) => e.action === action && e.outcome === 'ok').length;
      expect(count('arrests.add'), JSON.stringify(filters)).toBe(3);
      expect(count('arrests.recordDecision')).toBe(2);
      // Drafting a petition on an arrest is on record as drafting a petition.
      expect(count('petitions.create')).toBe(2);
      for (const action of [
        'filings.createRun',
        'filings.printRun',
        'filings.exportCsv',
        'filings.recordFiled',
      ])
        expect(count(action), action).toBe(1);
      const sentences = entries.map((e) => auditSentenceText(e.sentence));
      expect(sentences.filter((s) => /entered an arrest on .*matter/.test(s))).toHaveLength(3);
      expect(sentences.filter((s) => /recorded a decision on arrest relief/.test(s))).toHaveLength(2);
      expect(sentences.filter((s) => /printed a filing run/.test(s))).toHaveLength(1);
      expect(sentences.filter((s) => /exported a filing run/.test(s))).toHaveLength(1);
      expect(sentences.filter((s) => /recorded petitions filed with the court/.test(s))).toHaveLength(1);
      // The other office's attempt on the third arrest, as this office's log tells it.
      expect(entries.filter((e) => e.action === 'arrests.remove' && e.outcome === 'denied')).toHaveLength(1);
    }
    // The other matter of the run shows the run's rows, not this matter's arrests.
    const other = await entriesUnder(supervisor, { matter: tester.otherMatterId });
    expect(other.filter((e) => e.action === 'filings.recordFiled')).toHaveLength(1);
    expect(other.filter((e) => e.action.startsWith('arrests.'))).toEqual([]);
  });

  it('every kind of record a row names: each row about a matter’s record is under that matter and its client', async () => {
    const db = api.database.db;
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'entity_type', 'entity_id'])
      .where('office_id', '=', api.officeIds.alameda)
      .where('entity_id', 'is not', null)
      .execute();
    // Each row's matters, found from the record's own table.
    const expected = new Map<string, Set<string>>();
    const kindsSeen = new Set<string>();
    for (const row of rows) {
      const tables = (RECORD_TABLES as Record<string, readonly string[] | undefined>)[row.entity_type] ?? [];
      for (const table of tables) {
        expect(table in MATTERS_OF_TABLE, `${table}: say how its records name their matter`).toBe(true);
        for (const matterId of (await MATTERS_OF_TABLE[table]?.(api, row.entity_id ?? '')) ?? []) {
          expected.set(matterId, (expected.get(matterId) ?? new Set()).add(row.id));
          kindsSeen.add(row.entity_type);
        }
      }
    }
    // The walk reaches every kind of record the filter finds through a matter.
    const kinds = AUDIT_ENTITY_TYPES.filter((type) => RECORDS_OF_MATTERS[type] !== null);
    expect(kinds.filter((kind) => !kindsSeen.has(kind))).toEqual([]);
    expect(expected.size).toBeGreaterThan(5);

    const supervisor = await api.signedIn('alameda.supervisor');
    const byClient = new Map<string, Set<string>>();
    for (const [matterId, ids] of expected) {
      const { client_id, office_id } = await db
        .selectFrom('matters')
        .select(['client_id', 'office_id'])
        .where('id', '=', matterId)
        .executeTakeFirstOrThrow();
      // Another office's matter a refusal here names: that office's log tells it.
      if (office_id !== api.officeIds.alameda) continue;
      const shown = new Set((await entriesUnder(supervisor, { matter: matterId })).map((e) => e.id));
      const missing = rows.filter((r) => ids.has(r.id) && !shown.has(r.id));
      expect(missing, `rows about matter ${matterId} missing under its filter`).toEqual([]);
      byClient.set(client_id, new Set([...(byClient.get(client_id) ?? []), ...ids]));
    }
    for (const [clientId, ids] of byClient) {
      const shown = new Set((await entriesUnder(supervisor, { client: clientId })).map((e) => e.id));
      expect(rows.filter((r) => ids.has(r.id) && !shown.has(r.id))).toEqual([]);
    }
  });
});
