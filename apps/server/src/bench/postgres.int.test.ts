// The benchmark builds PostgreSQL's database directly from the generated caseload: every row the
// caseload holds, the derived columns as PostgreSQL's own triggers and the API's rules derive them,
// the kept counts equal to PostgreSQL's recount, text COPY escapes (tabs, line ends, backslashes,
// "\N", the empty string) as written, and the migrated database's indexes and triggers in place.
import { KEPT_TABLES, keptCountRecounts } from '@relief-desk/api';
import { openDatabase } from '@relief-desk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersAndReferences, storedAndRederived } from '../seed/rederive.ts';
import { CASELOAD_TABLES, type CaseloadTable, caseloadBatches } from './caseload.ts';
import { copyColumns, copyTextOf } from './copy-text.ts';
import { type BenchPostgres, createBenchPostgres, type PgClient } from './postgres.ts';
import { type BuiltPostgres, buildBenchPostgres, copyInto } from './postgres-build.ts';

const MATTERS = 400;
const TODAY = '2026-11-28';
const AWKWARD_NAMES = [
  'tab\there',
  'two\nlines\r\nand a carriage return',
  'a backslash \\ and \\N and \\t written out',
  '\\N',
  'María Núñez, “quoted”, 日本',
  '',
];

const generated = () => caseloadBatches({ matters: MATTERS, today: TODAY, batchSize: 2000 });

describe.skipIf(!process.env.TEST_DATABASE_URL)('the benchmark’s build on PostgreSQL', () => {
  let postgres: BenchPostgres;
  let built: BuiltPostgres;
  let client: PgClient;
  beforeAll(async () => {
    ({ postgres, built } = await buildBenchPostgres(process.env.TEST_DATABASE_URL ?? '', MATTERS, TODAY, {
      inThread: false,
    }));
    client = postgres.client;
  }, 120_000);
  afterAll(async () => {
    await postgres?.drop();
  });

  /** Runs the work in a transaction that is then rolled back. */
  async function rolledBack<T>(work: () => Promise<T>): Promise<T> {
    await client.query('begin');
    try {
      return await work();
    } finally {
      await client.query('rollback');
    }
  }

  it('holds every row the caseload generates in pages all-visible, and says how long each phase took', async () => {
    const expected = new Map<string, number>();
    for (const batch of generated())
      for (const name of Object.keys(batch.rows) as CaseloadTable[]) {
        const { table, columns } = CASELOAD_TABLES[name];
        expected.set(table, (expected.get(table) ?? 0) + (batch.rows[name]?.length ?? 0) / columns.length);
      }
    // The supervisor beside the staff.
    expected.set('users', (expected.get('users') ?? 0) + 1);
    for (const [table, rows] of expected) {
      const { rows: counted } = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
      expect({ table, rows: Number(counted[0]?.n) }).toEqual({ table, rows });
    }
    expect(expected.get('matters')).toBe(MATTERS);
    // Written frozen by COPY, the matters' pages are all-visible: an index-only scan reads no row
    // (checked first: the tests below change rows in transactions they roll back).
    const plan = await rolledBack(async () => {
      await client.query('set local enable_seqscan = off');
      await client.query('set local enable_bitmapscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        'explain (analyze, costs off, timing off) select id from matters',
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Only Scan using matters_pkey/);
    expect(plan).toMatch(/Heap Fetches: 0/);
    expect(built.phases.map((p) => p.name.replace(/ \(.*$/, ''))).toEqual([
      'migrate',
      'load',
      'indexes and search words',
      'statistics',
      'kept counts',
    ]);
  });

  it('derives each matter’s queue facts as the API does, and leaves the reference counters where it would', async () => {
    const app = openDatabase(postgres.url);
    try {
      const { stored, rederived } = await storedAndRederived(app.db);
      expect(stored.length).toBe(MATTERS);
      expect(stored.some((m) => m.next_court_date !== null)).toBe(true);
      // Contacts are written without the calls behind them (checked below).
      const withoutContact = ({
        last_client_contact_at,
        first_client_contact_at,
        ...rest
      }: (typeof stored)[0]) => rest;
      expect(stored.map(withoutContact)).toEqual(rederived.map(withoutContact));
      const { counters, highest } = await countersAndReferences(app.db);
      expect(counters).toEqual(highest);
    } finally {
      await app.close();
    }
  });

  it('holds the first and last contacts the first-contact trigger leaves when each contact is written', async () => {
    const contacts = `select reference, first_client_contact_at as first, last_client_contact_at as last
      from matters order by reference`;
    const { rows: written } = await client.query<{ first: string | null; last: string | null }>(contacts);
    expect(written.filter((m) => m.first !== null && m.first !== m.last).length).toBeGreaterThan(MATTERS / 3);
    // Each contact the caseload generates, written on its own as recordClientContact writes it, the
    // trigger firing for each (the matters are found by reference: generated again, their ids differ).
    const { columns } = CASELOAD_TABLES.matters;
    const [idAt, referenceAt, contactAt] = ['id', 'reference', 'last_client_contact_at'].map((c) =>
      columns.indexOf(c as (typeof columns)[number]),
    ) as [number, number, number];
    const rewritten = await rolledBack(async () => {
      await client.query('update matters set first_client_contact_at = null, last_client_contact_at = null');
      const contact = 'update matters set last_client_contact_at = $1 where reference = $2';
      for (const batch of generated()) {
        const matters = batch.rows.matters ?? [];
        const references = new Map<unknown, unknown>();
        for (let at = 0; at < matters.length; at += columns.length) {
          references.set(matters[at + idAt], matters[at + referenceAt]);
          if (matters[at + contactAt] !== null)
            await client.query(contact, [matters[at + contactAt], matters[at + referenceAt]]);
        }
        for (let at = 0; at < batch.lastContacts.length; at += 2)
          await client.query(contact, [batch.lastContacts[at + 1], references.get(batch.lastContacts[at])]);
      }
      return (await client.query(contacts)).rows;
    });
    expect(written).toEqual(rewritten);
  });

  it('holds the search words the trigger writes as each matter goes in', async () => {
    const words = 'select office_id, token, matter_id, names from matter_search order by 1, 2, 3';
    const { rows: written } = await client.query(words);
    expect(written.length).toBeGreaterThan(MATTERS);
    // Some matter's client repeats a word ("Maria Maria Lopez"): written once, as the trigger writes
    // it (the words' key, built after them, would refuse it twice).
    const { rows: repeating } = await client.query<{ n: string }>(
      `select count(*) as n from clients where name_search ~ '(^| )(\\w+) (.* )?\\2( |$)'`,
    );
    expect(Number(repeating[0]?.n)).toBeGreaterThan(0);
    const rewritten = await rolledBack(async () => {
      await client.query('create temporary table written_matters on commit drop as select * from matters');
      await client.query('set local session_replication_role = replica');
      await client.query('delete from matter_search');
      await client.query('delete from matters');
      await client.query('set local session_replication_role = origin');
      await client.query('insert into matters select * from written_matters order by id');
      return (await client.query(words)).rows;
    });
    expect(written).toEqual(rewritten);
  });

  it('holds the dashboard’s kept counts, equal to PostgreSQL’s own recount of the rows', async () => {
    const app = openDatabase(postgres.url);
    try {
      const recounts = keptCountRecounts(app.db, 'postgres');
      // Numbers as numbers (PostgreSQL's bigint arrives as text), each row as sorted JSON.
      const normal = (rows: Record<string, unknown>[]) =>
        rows
          .map((row) =>
            JSON.stringify(
              Object.entries(row)
                .map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])
                .sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
          )
          .sort();
      let rows = 0;
      for (const table of KEPT_TABLES) {
        const kept = (await app.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
        const recount = (await recounts[table].execute()) as Record<string, unknown>[];
        expect(normal(kept), table).toEqual(normal(recount));
        rows += recount.length;
      }
      expect(rows).toBeGreaterThan(MATTERS);
    } finally {
      await app.close();
    }
  });

  it('writes text as it was given, the characters COPY escapes included', async () => {
    // The build's own COPY text of a batch of clients with awkward names, sent as the build sends it.
    const ids = AWKWARD_NAMES.map((_, i) => `awkward-${i}`);
    const batch = copyTextOf(
      {
        rows: { clients: ids.flatMap((id, i) => [id, AWKWARD_NAMES[i], `awkward ${i}`, '1980-01-01', 'es']) },
        lastContacts: [],
      },
      { office: built.officeId, now: `${TODAY}T18:00:00.000Z`, password: 'unused' },
    );
    const names = await rolledBack(async () => {
      // Emptied in this transaction, as the build empties its tables, so COPY may write them frozen.
      await client.query('truncate clients cascade');
      await copyInto(
        client,
        batch.tables.map(({ table, text }) => ({ table, columns: copyColumns('clients'), text: [text] })),
      );
      const { rows } = await client.query<{ legal_name: string }>(
        'select legal_name from clients where id = any($1) order by id',
        [ids],
      );
      return rows.map((r) => r.legal_name);
    });
    expect(names).toEqual(AWKWARD_NAMES);
  });

  it('has every index and trigger the migrations made, and every reference to a row that exists', async () => {
    const fresh = await createBenchPostgres(process.env.TEST_DATABASE_URL ?? '');
    try {
      const schema = async (c: PgClient) => ({
        indexes: (
          await c.query(
            `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 2`,
          )
        ).rows,
        triggers: (
          await c.query(
            `select tgrelid::regclass::text as "table", tgname, tgenabled, pg_get_triggerdef(oid) as definition
             from pg_trigger where not tgisinternal order by 2, 1`,
          )
        ).rows,
        constraints: (
          await c.query(
            `select conname, conrelid::regclass::text as "table", convalidated, pg_get_constraintdef(oid) as definition
             from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
          )
        ).rows,
      });
      expect(await schema(client)).toEqual(await schema(fresh.client));
    } finally {
      await fresh.drop();
    }
    // The rows went in with reference checks off.
    const { rows: references } = await client.query<{
      child: string;
      columns: string[];
      parent: string;
      keys: string[];
    }>(
      `select conrelid::regclass::text as child, confrelid::regclass::text as parent,
         array(select attname from unnest(conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = conrelid and a.attnum = k.n order by i)::text[] as columns,
         array(select attname from unnest(confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = confrelid and a.attnum = k.n order by i)::text[] as keys
       from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`,
    );
    expect(references.length).toBeGreaterThan(20);
    for (const { child, columns, parent, keys } of references) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from ${child} c where ${columns.map((c) => `c.${c} is not null`).join(' and ')}
         and not exists (select 1 from ${parent} p where ${columns.map((c, i) => `p.${keys[i]} = c.${c}`).join(' and ')})`,
      );
      expect({ child, columns, missing: Number(rows[0]?.n) }).toEqual({ child, columns, missing: 0 });
    }
    const { rows: role } = await client.query<{ session_replication_role: string }>(
      'show session_replication_role',
    );
    expect(role[0]?.session_replication_role).toBe('origin');
  });
});
