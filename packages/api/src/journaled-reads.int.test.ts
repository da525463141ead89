// Reads that only show records put their audit row in the audit journal (putReadOnRecord), so a read
// never waits its turn at its office's chain. Each read listed here, called by a supervisor with the
// RAP sheet permission, leaves its row in audit_journal and adds none to audit_log; chaining the
// journal puts it in audit_log once, with its action, record and person. Refusals, and a read that
// changes what it remembers, still go on the chain at once.
import { buffer } from 'node:stream/consumers';
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { matterViewSchema, NO_AUDIT_FILTERS } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficeContext } from './context.ts';
import { exportAuditCsv } from './features/audit/export.ts';
import { openDocumentFile } from './features/documents/files.ts';
import { authedContext } from './features/lifecycle-fixtures.ts';
import { matterAtOutcome } from './features/messages/fixtures.ts';
import { printLetter, printMailingRun } from './features/messages/letters.ts';
import { filingRunCsv, printFilingRun } from './features/packets/filings.ts';
import { exportViewCsv } from './features/queues/export.ts';
import { inputsFor, procedureAt } from './procedure-fixtures.ts';
import { type Records, seedSentinels } from './sentinels.ts';
import { type ApiHarness, createApiHarness } from './testing.ts';

/** The sentinel records of the supervisor's office, and what else the reads below name. */
type Fixture = Records & {
  officeId: string;
  /** A matter at "Outcome to send", whose outcome can be composed. */
  outcomeToSendMatterId: string;
  rapImportMatterId: string;
  waitingLetterIds: string[];
};

interface JournaledRead {
  /** The row's action, when not the procedure's or route's own name. */
  action?: string;
  entityType: string;
  entityId: (f: Fixture) => string | null;
  /** A query procedure, with its input (else the walk's, procedure-fixtures.ts)... */
  procedure?: string;
  input?: (f: Fixture) => unknown;
  /** ...or the function behind an HTTP route, called on a request on record under the route's name. */
  route?: string;
  call?: (ctx: OfficeContext, f: Fixture) => Promise<unknown>;
}

const drain = async (chunks: AsyncIterable<unknown>) => {
  for await (const _ of chunks);
};

const READS: JournaledRead[] = [
  { procedure: 'matters.calendar', entityType: 'office', entityId: (f) => f.officeId },
  { procedure: 'eligibility.suggestions', entityType: 'matter', entityId: (f) => f.hearingMatterId },
  { procedure: 'eligibility.reviewList', entityType: 'office', entityId: (f) => f.officeId },
  { procedure: 'referrals.findPossibleClients', entityType: 'client', entityId: () => null },
  { procedure: 'clients.mergePreview', entityType: 'client', entityId: (f) => f.clientId },
  { procedure: 'convictions.history', entityType: 'conviction', entityId: (f) => f.convictionId },
  { procedure: 'decisions.history', entityType: 'conviction', entityId: (f) => f.convictionId },
  { procedure: 'arrests.decisionHistory', entityType: 'arrest', entityId: (f) => f.arrestId },
  { procedure: 'messages.composeStatus', entityType: 'matter', entityId: (f) => f.hearingMatterId },
  {
    procedure: 'messages.composeOutcome',
    input: (f) => ({ matterId: f.outcomeToSendMatterId }),
    entityType: 'matter',
    entityId: (f) => f.outcomeToSendMatterId,
  },
  {
    procedure: 'messages.forMatter',
    action: 'messages.list',
    entityType: 'matter',
    entityId: (f) => f.outcomeMatterId,
  },
  { procedure: 'messages.deliveryProblems', entityType: 'office', entityId: (f) => f.officeId },
  { procedure: 'packets.check', entityType: 'petition', entityId: (f) => f.packetPetitionId },
  { procedure: 'filings.overview', entityType: 'office', entityId: (f) => f.officeId },
  { procedure: 'filings.run', entityType: 'filing_run', entityId: (f) => f.filingRunId },
  { procedure: 'rapImports.list', entityType: 'matter', entityId: (f) => f.hearingMatterId },
  { procedure: 'rapImports.review', entityType: 'matter', entityId: (f) => f.rapImportMatterId },
  { procedure: 'audit.disclosures', entityType: 'client', entityId: (f) => f.clientId },
  {
    route: 'documents.download',
    call: async (ctx, f) => buffer((await openDocumentFile(ctx, f.docketFileId)).stream),
    entityType: 'document_file',
    entityId: (f) => f.docketFileId,
  },
  {
    route: 'documents.download',
    action: 'packets.download',
    call: async (ctx, f) => buffer((await openDocumentFile(ctx, f.packetFileId)).stream),
    entityType: 'document_file',
    entityId: (f) => f.packetFileId,
  },
  {
    route: 'letters.print',
    call: (ctx, f) => printLetter(ctx, f.letterMessageId),
    entityType: 'message',
    entityId: (f) => f.letterMessageId,
  },
  {
    route: 'letters.printMailingRun',
    call: (ctx, f) => printMailingRun(ctx, { messageIds: f.waitingLetterIds }),
    entityType: 'office',
    entityId: (f) => f.officeId,
  },
  {
    route: 'filings.printRun',
    call: async (ctx, f) => buffer((await printFilingRun(ctx, f.filingRunId)).stream),
    entityType: 'filing_run',
    entityId: (f) => f.filingRunId,
  },
  {
    route: 'filings.exportCsv',
    call: (ctx, f) => filingRunCsv(ctx, f.filingRunId),
    entityType: 'filing_run',
    entityId: (f) => f.filingRunId,
  },
  {
    route: 'queues.export',
    call: (ctx) => drain(exportViewCsv(ctx, matterViewSchema.parse({ queue: 'all' }))),
    entityType: 'queue',
    entityId: () => 'all',
  },
  {
    route: 'audit.export',
    call: (ctx) => drain(exportAuditCsv(ctx, NO_AUDIT_FILTERS)),
    entityType: 'office',
    entityId: (f) => f.officeId,
  },
];

const nameOf = (read: JournaledRead) => read.action ?? read.procedure ?? read.route ?? '';

describe.each(testDialects())('reads whose audit row waits in the journal (%s)', (dialect) => {
  let api: ApiHarness;
  let fixture: Fixture;
  let supervisor: Awaited<ReturnType<ApiHarness['signedIn']>>;
  const who = 'alameda.supervisor' as const;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const records = (await seedSentinels(api)).alameda;
    const outcome = await matterAtOutcome(api);
    supervisor = await api.signedIn(who);
    const rapImport = await api.database.db
      .selectFrom('rap_imports')
      .select('matter_id')
      .where('id', '=', records.rapImportId)
      .executeTakeFirstOrThrow();
    fixture = {
      ...records,
      officeId: api.officeIds.alameda,
      outcomeToSendMatterId: outcome.matterId,
      rapImportMatterId: rapImport.matter_id,
      waitingLetterIds: (await supervisor.messages.lettersToPrint()).messageIds,
    };
    // The matter page's first look remembers the suggestions shown (a change, on the chain): done.
    await supervisor.eligibility.suggestions({ matterId: fixture.hearingMatterId });
  }, 120_000);
  afterAll(async () => api.destroy());

  const ROW = ['id', 'action', 'entity_type', 'entity_id', 'actor_id', 'office_id', 'outcome'] as const;
  const logSize = async () =>
    Number(
      (
        await api.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('names each read once, and has letters waiting to print', () => {
    expect(new Set(READS.map(nameOf)).size).toBe(READS.length);
    expect(fixture.waitingLetterIds.length).toBeGreaterThan(0);
  });

  it.each(READS.map((read) => [nameOf(read), read] as const))(
    '%s: its row waits in the audit journal, then joins the log once',
    async (action, read) => {
      const db = api.database.db;
      // The journal holds this read's rows only.
      // Signed in first: signing in goes on the chain.
      const ctx = read.route ? await authedContext(api, who, read.route) : null;
      await chainAuditJournal(db);
      const before = await logSize();
      if (read.procedure)
        await procedureAt(
          supervisor,
          read.procedure,
        )(read.input ? read.input(fixture) : inputsFor(fixture)[read.procedure]);
      else if (ctx) await read.call?.(ctx, fixture);

      const expected = {
        action,
        entity_type: read.entityType,
        entity_id: read.entityId(fixture),
        actor_id: api.userIds[who],
        office_id: api.officeIds.alameda,
        outcome: 'ok',
      };
      const journaled = await db
        .selectFrom('audit_journal')
        .select(ROW)
        .where('action', '=', action)
        .execute();
      expect(journaled.map(({ id: _, ...row }) => row)).toEqual([expected]);
      // Nothing went on the chain: the read did not wait its turn there.
      expect(await logSize()).toBe(before);

      await chainAuditJournal(db);
      const ids = journaled.map((row) => row.id);
      const chained = await db.selectFrom('audit_log').select(ROW).where('id', 'in', ids).execute();
      expect(chained.map(({ id: _, ...row }) => row)).toEqual([expected]);
      expect(await db.selectFrom('audit_journal').select('id').where('id', 'in', ids).execute()).toEqual([]);
    },
  );

  it('a read that rewrites the suggestions it remembers puts its row on the chain with that change', async () => {
    const db = api.database.db;
    await chainAuditJournal(db);
    await db.deleteFrom('eligibility_suggestions').where('matter_id', '=', fixture.hearingMatterId).execute();
    const before = await logSize();
    await supervisor.eligibility.suggestions({ matterId: fixture.hearingMatterId });
    expect(await db.selectFrom('audit_journal').select('id').execute()).toEqual([]);
    expect(await logSize()).toBe(before + 1);
    const rows = await db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_id'])
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(rows).toEqual([
      { action: 'eligibility.suggestions', entity_id: fixture.hearingMatterId, actor_id: api.userIds[who] },
    ]);
  });

  it('a refusal of these reads goes on the chain at once', async () => {
    const db = api.database.db;
    await chainAuditJournal(db);
    await expect(
      openDocumentFile(await authedContext(api, who, 'documents.download'), 'no-such-file'),
    ).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
    await expect(
      printLetter(await authedContext(api, who, 'letters.print'), 'no-such-letter'),
    ).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
    expect(await db.selectFrom('audit_journal').select('id').execute()).toEqual([]);
    const refused = await db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'outcome'])
      .where('entity_id', 'in', ['no-such-file', 'no-such-letter'])
      .orderBy('id')
      .execute();
    expect(refused).toEqual([
      { action: 'documents.download', entity_id: 'no-such-file', outcome: 'denied' },
      { action: 'letters.print', entity_id: 'no-such-letter', outcome: 'denied' },
    ]);
  });
});
