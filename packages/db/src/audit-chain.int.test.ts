import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Migrator, type QueryResult, type RootOperationNode, sql, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_CHAIN_GENESIS,
  appendAuditRow,
  auditRowHash,
  auditRowsAppendedIn,
  type NewChainedAuditRow,
  verifyAuditChains,
} from './audit-chain.ts';
import { chainAuditJournal, journalAuditRow } from './audit-journal.ts';
import { newId } from './ids.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './testing.ts';
import type { Db } from './transaction.ts';

const stamp = '2026-11-28T18:00:00.000Z';

async function newOffice(db: Db, name: string): Promise<string> {
  const id = newId();
  await db.insertInto('offices').values({ id, name, created_at: stamp, updated_at: stamp }).execute();
  return id;
}

function row(officeId: string | null, overrides: Partial<NewChainedAuditRow> = {}): NewChainedAuditRow {
  return {
    id: newId(),
    occurred_at: new Date().toISOString(),
    actor_id: null,
    office_id: officeId,
    action: 'matters.get',
    entity_type: 'matter',
    entity_id: newId(),
    ip: '127.0.0.1',
    outcome: 'ok',
    detail: JSON.stringify({ n: 1 }),
    ...overrides,
  };
}

async function chainOf(db: Db, officeId: string) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'seq', 'prev_hash', 'hash'])
    .where('office_id', '=', officeId)
    .orderBy('seq')
    .execute();
}

describe.each(testDialects())('the audit chain (%s)', (dialect) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
  });
  afterAll(async () => database.destroy());

  it('links each office’s rows in order, each hash over its fields and the one before', async () => {
    const office = await newOffice(db, 'Chain office');
    const first = await appendAuditRow(db, row(office));
    const second = await appendAuditRow(db, row(office, { detail: '{"ñ":"Núñez"}' }));
    const other = await appendAuditRow(db, row(null, { action: 'auth.signIn', outcome: 'failed' }));
    expect([first.seq, first.prev_hash]).toEqual([1, AUDIT_CHAIN_GENESIS]);
    expect([second.seq, second.prev_hash]).toEqual([2, first.hash]);
    expect(other.seq).toBe(1);
    const stored = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', second.id)
      .executeTakeFirstOrThrow();
    expect(stored.hash).toBe(auditRowHash({ ...stored, seq: Number(stored.seq) }));
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    const head = await db
      .selectFrom('audit_chain_heads')
      .selectAll()
      .where('office_key', '=', office)
      .executeTakeFirstOrThrow();
    expect([Number(head.seq), head.hash]).toEqual([2, second.hash]);
    const reports = await verifyAuditChains(db);
    expect(reports.find((r) => r.officeId === office)).toMatchObject({ rowsChecked: 2, problem: null });
    expect(reports.find((r) => r.officeKey === '')).toMatchObject({ officeId: null, problem: null });
  });

  it('50 concurrent writers in one office, outside and inside transactions, never fork the chain', async () => {
    const office = await newOffice(db, 'Busy office');
    const bare = Array.from({ length: 25 }, () => appendAuditRow(db, row(office)));
    // Beside a change, as procedures do: the row commits with the transaction it belongs to.
    const inTx = Array.from({ length: 25 }, (_, i) =>
      db.transaction().execute(async (tx) => {
        await tx
          .updateTable('offices')
          .set({ updated_at: new Date(Date.UTC(2026, 10, 28, 18, 0, i)).toISOString() })
          .where('id', '=', office)
          .execute();
        return appendAuditRow(tx, row(office, { action: 'offices.update' }));
      }),
    );
    const written = await Promise.all([...bare, ...inTx]);
    expect(written.map((w) => w.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const chain = await chainOf(db, office);
    expect(chain.map((c) => Number(c.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const [i, link] of chain.entries()) {
      expect(link.prev_hash).toBe(i === 0 ? AUDIT_CHAIN_GENESIS : chain[i - 1]?.hash);
    }
    const report = (await verifyAuditChains(db)).find((r) => r.officeId === office);
    expect(report).toMatchObject({ rowsChecked: 50, problem: null, head: { seq: 50 } });
  });

  it('checks one moment of the chain while a server appends to it: rows written during the walk are not taken for tampering', async () => {
    const office = await newOffice(db, 'Office at work');
    // Pages of rows, so that the walk reads the log several times.
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 2500; i++) await appendAuditRow(tx, row(office));
    });
    // The server: another process appending to the same database while the check walks.
    const server = spawn(
      process.execPath,
      [
        '--import',
        'tsx/esm',
        fileURLToPath(new URL('./audit-appender.ts', import.meta.url)),
        database.url,
        office,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let said = '';
    server.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    const ended = new Promise<void>((resolve) => server.on('close', () => resolve()));
    let appended = 0;
    try {
      await expect.poll(() => said, { timeout: 30_000 }).toContain('appending');
      for (let round = 0; round < 3; round++) {
        const report = (await verifyAuditChains(db)).find((r) => r.officeId === office);
        expect(report?.problem ?? null, `round ${round}`).toBeNull();
        expect(report?.rowsChecked).toBeGreaterThanOrEqual(2500);
      }
    } finally {
      server.stdin.end();
      await ended;
      appended = Number(said.trim().split('\n').at(-1));
    }
    expect(appended).toBeGreaterThan(0);
    const quiet = (await verifyAuditChains(db)).find((r) => r.officeId === office);
    expect(quiet).toMatchObject({ rowsChecked: 2500 + appended, problem: null });
  });

  it('chains several rows in one transaction, reading the head again when it is not the one it wrote', async () => {
    const office = await newOffice(db, 'Grouped office');
    const sameTransaction = {
      transformQuery: (args: { node: RootOperationNode }) => args.node,
      transformResult: async (args: { result: QueryResult<UnknownRow> }) => args.result,
    };
    const written = await db.transaction().execute(async (tx) => {
      const first = await appendAuditRow(tx, row(office));
      // A row rolled back to a savepoint: the head this transaction wrote last is gone again.
      await sql`savepoint grouped`.execute(tx);
      await appendAuditRow(tx, row(office));
      await sql`rollback to savepoint grouped`.execute(tx);
      await sql`release savepoint grouped`.execute(tx);
      // Another handle on the same transaction takes the place the rolled-back row had.
      const second = await appendAuditRow(tx.withPlugin(sameTransaction), row(office));
      const third = await appendAuditRow(tx, row(office));
      const fourth = await appendAuditRow(tx, row(office));
      return [first, second, third, fourth];
    });
    expect(written.map((w) => [w.seq, w.prev_hash])).toEqual([
      [1, AUDIT_CHAIN_GENESIS],
      [2, written[0]?.hash],
      [3, written[1]?.hash],
      [4, written[2]?.hash],
    ]);
    const reports = await verifyAuditChains(db);
    expect(reports.find((r) => r.officeId === office)).toMatchObject({ rowsChecked: 4, problem: null });
  });

  it('rolls the row back with the transaction it was written in, leaving the chain whole', async () => {
    const office = await newOffice(db, 'Rollback office');
    await appendAuditRow(db, row(office));
    await expect(
      db.transaction().execute(async (tx) => {
        await appendAuditRow(tx, row(office));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await appendAuditRow(db, row(office));
    expect((await chainOf(db, office)).map((c) => Number(c.seq))).toEqual([1, 2]);
    expect((await verifyAuditChains(db)).find((r) => r.officeId === office)?.problem).toBeNull();
  });

  it('finds a changed row, a removed row, a removed newest row, and rows added outside the chain', async () => {
    const verify = async (office: string) =>
      (await verifyAuditChains(db)).find((r) => r.officeId === office)?.problem ?? null;
    const build = async (name: string) => {
      const office = await newOffice(db, name);
      const rows = [];
      for (let i = 0; i < 5; i++) rows.push(await appendAuditRow(db, row(office)));
      return { office, rows };
    };

    const edited = await build('Edited');
    await db
      .updateTable('audit_log')
      .set({ detail: '{"n":2}' })
      .where('id', '=', edited.rows[2]?.id ?? '')
      .execute();
    expect(await verify(edited.office)).toMatchObject({
      kind: 'content_changed',
      rowId: edited.rows[2]?.id,
      seq: 3,
    });

    const removed = await build('Removed');
    await db
      .deleteFrom('audit_log')
      .where('id', '=', removed.rows[1]?.id ?? '')
      .execute();
    expect(await verify(removed.office)).toMatchObject({
      kind: 'row_missing',
      rowId: null,
      seq: 2,
      message: `row 2 is missing (the next row present is ${removed.rows[2]?.id}, sequence 3)`,
    });

    // A row moved into another office's chain: missing from its own, and put into the other.
    const from = await build('Moved from');
    const into = { office: await newOffice(db, 'Moved into') };
    for (let i = 0; i < 3; i++) await appendAuditRow(db, row(into.office));
    const moved = from.rows[4];
    await db
      .updateTable('audit_log')
      .set({ office_id: into.office })
      .where('id', '=', moved?.id ?? '')
      .execute();
    expect(await verify(from.office)).toMatchObject({ kind: 'row_missing', rowId: null, seq: 5 });
    // The other chain ends at 3: the row is one put after its end, not rows 4 and 5 gone missing.
    expect(await verify(into.office)).toMatchObject({
      kind: 'row_inserted',
      rowId: moved?.id,
      seq: 5,
      message: "the row comes after the chain's recorded end (sequence 3)",
    });

    const truncated = await build('Truncated');
    await db
      .deleteFrom('audit_log')
      .where('id', '=', truncated.rows[4]?.id ?? '')
      .execute();
    expect(await verify(truncated.office)).toMatchObject({ kind: 'row_missing', rowId: null, seq: 5 });

    // A row written straight into the table, the way rows were before the chain.
    const unchained = await build('Unchained');
    const stray = row(unchained.office);
    await sql`insert into audit_log (id, occurred_at, office_id, action, entity_type, ip, outcome, detail)
      values (${stray.id}, ${stray.occurred_at}, ${unchained.office}, 'matters.get', 'matter', '10.0.0.1', 'ok', '{}')`.execute(
      db,
    );
    expect(await verify(unchained.office)).toMatchObject({
      kind: 'row_inserted',
      rowId: stray.id,
      seq: null,
    });

    // A forged row that hashes correctly after the newest, without moving the chain's head.
    const appended = await build('Appended');
    const last = appended.rows[4];
    const forged = { ...row(appended.office), seq: 6, prev_hash: last?.hash ?? '' };
    await db
      .insertInto('audit_log')
      .values({ ...forged, hash: auditRowHash(forged) })
      .execute();
    expect(await verify(appended.office)).toMatchObject({ kind: 'row_inserted', rowId: forged.id, seq: 6 });

    // A row rewritten with a fresh hash of its own: the next row no longer links to it.
    const rehashed = await build('Rehashed');
    const target = rehashed.rows[1];
    if (!target) throw new Error('no row');
    const rewritten = { ...target, detail: '{"n":3}' };
    await db
      .updateTable('audit_log')
      .set({ detail: rewritten.detail, hash: auditRowHash(rewritten) })
      .where('id', '=', target.id)
      .execute();
    expect(await verify(rehashed.office)).toMatchObject({
      kind: 'link_broken',
      rowId: rehashed.rows[2]?.id,
      seq: 3,
    });

    // Other offices' chains are untouched by all of this.
    const reports = await verifyAuditChains(db);
    const brokenOffices = reports.filter((r) => r.problem).map((r) => r.officeId);
    expect(brokenOffices.sort()).toEqual(
      [edited, removed, from, into, truncated, unchained, appended, rehashed].map((b) => b.office).sort(),
    );
  });

  it('0009_audit_chain chains the rows written before it, per office, in the order they happened', async () => {
    const old = await createTestDatabase(dialect);
    try {
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0008_stage_moves')).error).toBeUndefined();
      // biome-ignore lint/suspicious/noExplicitAny: the table as it was before 0009.
      const before = old.db as any;
      const offices = [newId(), newId()];
      for (const id of offices)
        await before
          .insertInto('offices')
          .values({ id, name: id, created_at: stamp, updated_at: stamp })
          .execute();
      // Ids out of time order (as from two processes), one instant shared by two rows, a row with no
      // office, and more rows than one backfill page.
      const rows: { id: string; occurred_at: string; office_id: string | null }[] = [];
      for (let i = 0; i < 1203; i++) {
        const office = i % 7 === 0 ? null : (offices[i % 2] ?? null);
        rows.push({
          id: `R${String((i * 7919) % 10007).padStart(5, '0')}`,
          occurred_at: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2))).toISOString(),
          office_id: office,
        });
      }
      for (let i = 0; i < rows.length; i += 200)
        await before
          .insertInto('audit_log')
          .values(
            rows.slice(i, i + 200).map((r) => ({
              ...r,
              actor_id: null,
              action: 'matters.get',
              entity_type: 'matter',
              entity_id: null,
              ip: '127.0.0.1',
              outcome: 'ok',
              detail: '{"criminalHistoryShown":true}',
            })),
          )
          .execute();

      await migrateToLatest(old.db);
      const reports = await verifyAuditChains(old.db);
      expect(reports.map((r) => [r.officeKey, r.rowsChecked, r.problem])).toEqual(
        [
          ['', rows.filter((r) => r.office_id === null).length, null],
          [offices[0], rows.filter((r) => r.office_id === offices[0]).length, null],
          [offices[1], rows.filter((r) => r.office_id === offices[1]).length, null],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      const office = offices[0] ?? '';
      const chained = await chainOf(old.db, office);
      const expected = rows
        .filter((r) => r.office_id === office)
        .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.id.localeCompare(b.id))
        .map((r) => r.id);
      expect(chained.map((c) => c.id)).toEqual(expected);

      // New rows carry on from where the backfill ended.
      const next = await appendAuditRow(old.db, row(office));
      expect([next.seq, next.prev_hash]).toEqual([expected.length + 1, chained.at(-1)?.hash]);
      expect((await verifyAuditChains(old.db)).every((r) => r.problem === null)).toBe(true);

      expect((await migrator.migrateTo('0008_stage_moves')).error).toBeUndefined();
      expect((await migrateToLatest(old.db)).error).toBeUndefined();
      expect((await verifyAuditChains(old.db)).every((r) => r.problem === null)).toBe(true);
    } finally {
      await old.destroy();
    }
  });
});

describe.each(testDialects())('the audit journal (%s)', (dialect) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
  });
  afterAll(async () => database.destroy());

  const journaled = () => db.selectFrom('audit_journal').selectAll().orderBy('id').execute();

  it('holds each read as one row until chained, then appends them to their offices’ chains oldest first, unchanged', async () => {
    const [north, south] = [await newOffice(db, 'North office'), await newOffice(db, 'South office')];
    await appendAuditRow(db, row(north, { action: 'matters.update' }));
    const reads = [row(north), row(south), row(north), row(null, { action: 'auth.signIn' }), row(north)];
    for (const read of reads) await journalAuditRow(db, read);
    // A change after the reads goes on the chain at once, ahead of them.
    await appendAuditRow(db, row(north, { action: 'matters.update', detail: '{"ñ":"Núñez"}' }));
    expect((await journaled()).map((r) => r.id)).toEqual(reads.map((r) => r.id).sort());
    expect(await chainOf(db, north)).toHaveLength(2);

    expect(await chainAuditJournal(db)).toBe(reads.length);
    expect(await journaled()).toEqual([]);
    const northChain = await chainOf(db, north);
    const northReads = reads.filter((r) => r.office_id === north).map((r) => r.id);
    expect(northChain.map((c) => Number(c.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(northChain.slice(2).map((c) => c.id)).toEqual([...northReads].sort());
    for (const read of reads) {
      const stored = await db
        .selectFrom('audit_log')
        .select(['id', 'occurred_at', 'actor_id', 'office_id', 'action', 'entity_type', 'entity_id', 'ip'])
        .select(['outcome', 'detail'])
        .where('id', '=', read.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual(read);
    }
    const reports = await verifyAuditChains(db);
    for (const office of [north, south])
      expect(reports.find((r) => r.officeId === office)).toMatchObject({ problem: null });
    expect(await chainAuditJournal(db)).toBe(0);
  });

  it('a read journaled in a transaction commits or rolls back with it, and is not a change’s chained row', async () => {
    const office = await newOffice(db, 'Journal transaction office');
    const committed = row(office);
    await db.transaction().execute(async (tx) => {
      await journalAuditRow(tx, committed);
      expect(auditRowsAppendedIn(tx)).toBe(0);
      await expect(chainAuditJournal(tx)).rejects.toThrow('outside any transaction');
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await journalAuditRow(tx, row(office));
        throw new Error('the read failed');
      }),
    ).rejects.toThrow('the read failed');
    expect((await journaled()).map((r) => r.id)).toEqual([committed.id]);
    await chainAuditJournal(db);
    expect((await chainOf(db, office)).map((c) => c.id)).toEqual([committed.id]);
  });

  it('chains a journal longer than a batch while others chain and append at once, each row exactly once', async () => {
    const offices = [
      await newOffice(db, 'Busy A'),
      await newOffice(db, 'Busy B'),
      await newOffice(db, 'Busy C'),
    ];
    const reads = Array.from({ length: 2_300 }, (_, i) => row(offices[i % 3] ?? null));
    for (const read of reads) await journalAuditRow(db, read);
    const [counts, appended] = await Promise.all([
      Promise.all(Array.from({ length: 4 }, () => chainAuditJournal(db))),
      Promise.all(Array.from({ length: 30 }, (_, i) => appendAuditRow(db, row(offices[i % 3] ?? null)))),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(reads.length);
    expect(await journaled()).toEqual([]);
    for (const office of offices) {
      const chain = await chainOf(db, office);
      const expected = [...reads, ...appended].filter((r) => r.office_id === office).map((r) => r.id);
      expect(chain.map((c) => c.id).sort()).toEqual(expected.sort());
      expect(chain.map((c) => Number(c.seq))).toEqual(chain.map((_, i) => i + 1));
    }
    const reports = await verifyAuditChains(db);
    for (const office of offices)
      expect(reports.find((r) => r.officeId === office)).toMatchObject({ problem: null });
  });
});
