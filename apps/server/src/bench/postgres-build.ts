// Builds the benchmark's PostgreSQL database directly from the generated caseload (caseload.ts), as
// build.ts builds SQLite's: no SQLite in between. The rows go in by COPY (text format) as the batches
// come from the generating thread, in one transaction that first empties the tables, so PostgreSQL
// writes them frozen and marks their pages all-visible (no vacuum needed for index-only scans); with
// session_replication_role = replica, no trigger fires and no reference is checked while they go in.
// What PostgreSQL's triggers derive is derived by PostgreSQL's own trigger functions, as the
// migrations define them: each matter's first contact by matters_first_contact (its assignments
// evaluated over a batch's contacts, before its matters are written), the search words by the
// statement of matter_search_on_insert run once over every matter. Then the indexes set aside (the
// keys too of the tables no reference points to) are built again on two connections and the
// statistics taken, and last the kept counts are filled by the API's recount (refillKeptCounts),
// which reads the tables through their indexes.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KEPT_TABLES, refillKeptCounts } from '@relief-desk/api';
import { type Database, POSTGRES_SESSION_OPTIONS } from '@relief-desk/db';
import { Kysely, PostgresDialect } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BENCH_SUPERVISOR,
  type BuiltDatabase,
  benchOffice,
  buildClock,
  COUNTIES,
  cpuSecondsOf,
  writeCaseload,
} from './build.ts';
import { CASELOAD_TABLES, type CaseloadTable } from './caseload.ts';
import { type CopyTextBatch, copyColumns, copyField } from './copy-text.ts';
import { type BenchPostgres, createBenchPostgres, type PgClient, pgClientClass } from './postgres.ts';

/** Matters per batch from the generating thread (as SQLite's build), and COPY text held before it is sent. */
const BATCH_MATTERS = 2000;
const FLUSH_BYTES = 8 << 20;
/** Each index-building connection's sort memory: the largest index's sort fits. */
const MAINTENANCE_WORK_MEM = '512MB';
const WORK_MEM = '256MB';

/** The tables the build writes, emptied in its transaction so that COPY may write them frozen. */
const LOADED = ['offices', 'office_counties', 'office_message_settings', 'matter_search'] as const;

export interface BuiltPostgres extends BuiltDatabase {
  /** CPU time of the PostgreSQL processes that built it (Linux, same machine; NaN otherwise). */
  postgresCpuSeconds: number;
}

/** A new database on the server `serverUrl` names, migrated and holding a caseload of `matters`. */
export async function buildBenchPostgres(
  serverUrl: string,
  matters: number,
  today: string,
  { inThread }: { inThread?: boolean } = {},
): Promise<{ postgres: BenchPostgres; built: BuiltPostgres }> {
  // The CPU of the build's connections' processes so far (each ended process's last reading kept).
  const backends = new Map<number, number>();
  const postgresCpu = () => {
    let sum = 0;
    for (const [pid, last] of backends) {
      const now = cpuSecondsOf(`/proc/${pid}/stat`);
      if (!Number.isNaN(now)) backends.set(pid, now);
      sum += Number.isNaN(now) ? last : now;
    }
    return sum;
  };
  const { phase, phases, total } = buildClock(postgresCpu);
  const postgres = await createBenchPostgres(serverUrl);
  const connections: PgClient[] = [];
  const connect = async () => {
    const client = new (pgClientClass())({
      connectionString: postgres.url,
      options: POSTGRES_SESSION_OPTIONS,
    });
    await client.connect();
    connections.push(client);
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    backends.set(rows[0]?.pid ?? 0, 0);
    // Sorts in memory (the search words', the kept counts' recount groups).
    await client.query(`set work_mem = '${WORK_MEM}'`);
    return client;
  };
  try {
    const [load, rules] = [await connect(), await connect()];
    const { officeId, supervisorId, now, passwordHash } = await benchOffice(today);
    const firstContacts = await firstContactRule(load);
    const searchWords = await searchWordsOverAll(load);
    const tables = (Object.keys(CASELOAD_TABLES) as CaseloadTable[]).map((t) => CASELOAD_TABLES[t].table);
    const indexes = await setIndexesAside(load, [...LOADED, ...tables]);
    phase('migrate');

    await load.query('set session_replication_role = replica');
    await load.query('begin');
    await load.query(`truncate ${[...LOADED, ...tables].join(', ')} cascade`);
    await load.query('insert into offices (id, name, created_at, updated_at) values ($1, $2, $3, $3)', [
      officeId,
      'Bay Area Record Clearance Project',
      now,
    ]);
    for (const county of COUNTIES)
      await load.query('insert into office_counties (office_id, county) values ($1, $2)', [officeId, county]);
    // As on SQLite: no follow-up sweep of this synthetic caseload while the measurements run.
    await load.query(
      'insert into office_message_settings (office_id, follow_up_enabled, follow_up_days, updated_at) values ($1, 0, 42, $2)',
      [officeId, now],
    );
    await load.query(
      `insert into users (id, office_id, email, name, role, password_hash, can_view_rap_sheets, created_at, updated_at)
       values ($1, $2, $3, 'Bench Supervisor', 'supervisor', $4, 1, $5, $5)`,
      [supervisorId, officeId, BENCH_SUPERVISOR, passwordHash, now],
    );
    const text = copyTexts();
    let sending: Promise<void> = Promise.resolve();
    const write = async (batch: CopyTextBatch) => {
      text.add(batch, await firstContacts(rules, batch));
      if (text.bytes() < FLUSH_BYTES) return;
      // One COPY at a time on the transaction's connection: the next batches are turned into text
      // while these go in.
      await sending;
      sending = copyInto(load, text.take());
      // Awaited before the next COPY or at the end; a failure meanwhile is not left unhandled.
      sending.catch(() => {});
    };
    await writeCaseload({ matters, today, batchSize: BATCH_MATTERS }, write, {
      inThread,
      copyText: { office: officeId, now, password: passwordHash },
    });
    await sending;
    await copyInto(load, text.take());
    await load.query('commit');
    phase('load');

    // Two connections, one a core: the search words on one while the other takes the first index;
    // then each takes the next (largest tables first) until none is left.
    const second = await connect();
    const both = [load, second];
    const queue = [...indexes];
    const timings: { name: string; seconds: number }[] = [];
    const buildIndexes = async (client: PgClient) => {
      await client.query(`set maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);
      // Each connection builds on a core of its own: workers of each build beside them would share the
      // same two cores (at 1,000,000 matters, 13% more CPU for the matters' indexes alone).
      await client.query('set max_parallel_maintenance_workers = 0');
      for (let next = queue.shift(); next; next = queue.shift()) {
        const started = performance.now();
        await client.query(next.definition);
        timings.push({ name: next.name, seconds: (performance.now() - started) / 1000 });
      }
    };
    const started = performance.now();
    let searchWordsSeconds = 0;
    await Promise.all([
      (async () => {
        // Still without reference checks: each row's check was a trigger event queued to the end of
        // the statement (PostgreSQL's CPU on this phase 9.0 s at 100,000 matters, 108 s at 1,000,000;
        // 6.5 s of the statement's 25.7 s at 100,000 were the checks alone).
        await load.query(searchWords);
        await load.query('set session_replication_role = origin');
        searchWordsSeconds = (performance.now() - started) / 1000;
        await buildIndexes(load);
      })(),
      buildIndexes(second),
    ]);
    // The keys and unique constraints set aside stand again on their indexes, now built.
    for (const { constraint } of indexes) if (constraint) await load.query(constraint);
    const slowest = timings
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 4)
      .map((t) => `${t.name} ${round(t.seconds)} s`);
    phase(
      `indexes and search words (search words ${round(searchWordsSeconds)} s, then with ${indexes.length} indexes; slowest ${slowest.join(', ')})`,
    );

    // The rows COPY wrote are frozen and their pages all-visible: only their statistics are taken.
    // The search words were inserted, so they are vacuumed too (index-only scans).
    await onBoth(both, [
      'vacuum (analyze) matter_search',
      ...[...new Set(tables)].map((t) => `analyze ${t}`),
    ]);
    phase('statistics');
    // The recount reads the tables through their indexes, on the first connection.
    const kept = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: { connect: async () => Object.assign(load, { release() {} }), end: async () => {} },
      }),
    });
    await refillKeptCounts(kept, 'postgres');
    await onBoth(
      both,
      KEPT_TABLES.map((t) => `vacuum (analyze) ${t}`),
    );
    phase('kept counts');
    const postgresCpuSeconds = postgresCpu();
    return {
      postgres,
      built: { officeId, supervisorId, today, ...total(), phases, postgresCpuSeconds },
    };
  } catch (error) {
    await Promise.allSettled(connections.map((c) => c.end()));
    connections.length = 0;
    await postgres.drop();
    throw error;
  } finally {
    await Promise.allSettled(connections.map((c) => c.end()));
  }
}

/** Runs the statements on both connections, each taking the next. */
async function onBoth(clients: PgClient[], statements: string[]): Promise<void> {
  const queue = [...statements];
  await Promise.all(
    clients.map(async (client) => {
      for (let next = queue.shift(); next; next = queue.shift()) await client.query(next);
    }),
  );
}

const round = (seconds = Number.NaN) => Math.round(seconds * 10) / 10;

interface AsideIndex {
  name: string;
  table: string;
  definition: string;
  /** The key or unique constraint the index stands behind, made again from it once it is built. */
  constraint: string | null;
}

/**
 * Drops the indexes of these tables and returns them, the largest tables' first: those no constraint
 * owns, and the keys and unique constraints of the tables no reference points to (such as the search
 * words'); those of the others stay, as the references need them.
 */
async function setIndexesAside(client: PgClient, tables: readonly string[]): Promise<AsideIndex[]> {
  const { rows } = await client.query<AsideIndex>(
    `select i.indexname as name, i.tablename as table, i.indexdef as definition,
       case when c.oid is null then null
         else format('alter table %I add constraint %I %s using index %I', i.tablename, c.conname,
           case c.contype when 'p' then 'primary key' else 'unique' end, i.indexname) end as constraint
     from pg_indexes i
     left join pg_constraint c on c.conname = i.indexname and c.conrelid = i.tablename::regclass
     where i.schemaname = 'public' and i.tablename = any($1)
       and (c.oid is null or (c.contype in ('p', 'u')
         and not exists (select 1 from pg_constraint r where r.contype = 'f' and r.confrelid = c.conrelid)))`,
    [[...tables]],
  );
  for (const { name, table, constraint } of rows)
    await client.query(constraint ? `alter table ${table} drop constraint ${name}` : `drop index ${name}`);
  // By rows a matter, roughly; the search words' after the larger tables', as they are written
  // while those are indexed (an index of theirs would wait for them).
  const weight: Record<string, number> = {
    matters: 6,
    convictions: 4,
    clients: 3,
    matter_search: 2.5,
    matter_events: 2,
    eligibility_decisions: 2,
  };
  return rows.sort((a, b) => (weight[b.table] ?? 1) - (weight[a.table] ?? 1));
}

/**
 * The trigger of `table` named `trigger` and the source of its function, checked against the shape
 * the build relies on.
 */
async function triggerFunction(
  client: PgClient,
  trigger: string,
  shape: RegExp,
): Promise<{ definition: string; source: string }> {
  const { rows } = await client.query<{ definition: string; source: string }>(
    `select pg_get_triggerdef(t.oid) as definition, p.prosrc as source
     from pg_trigger t join pg_proc p on p.oid = t.tgfoid where t.tgname = $1`,
    [trigger],
  );
  const found = rows[0];
  if (!found) throw new Error(`The trigger ${trigger} is missing.`);
  if (!shape.test(found.definition))
    throw new Error(`The trigger ${trigger} is no longer ${shape.source}: ${found.definition}`);
  return found;
}

const CONTACT_ROW = ['id', 'first_client_contact_at', 'last_client_contact_at'] as const;

/**
 * A batch's matters' contacts, first then last, each written as recordClientContact writes it (an
 * update of last_client_contact_at): through the trigger function matters_first_contact, its
 * assignments to the row evaluated over the batch's contacts in one statement, before the matters are
 * written. Returns each contacted matter's first and last contact, by id.
 */
async function firstContactRule(
  client: PgClient,
): Promise<(rules: PgClient, batch: CopyTextBatch) => Promise<Map<string, [string, string]>>> {
  const { source } = await triggerFunction(
    client,
    'matters_first_contact',
    /^CREATE TRIGGER matters_first_contact BEFORE UPDATE OF last_client_contact_at ON public\.matters FOR EACH ROW EXECUTE FUNCTION \w+\(\)$/,
  );
  const body = /^\s*begin\b([\s\S]*?)\breturn\s+new\s*;\s*end\s*$/i.exec(source)?.[1] ?? '';
  const assigned = new Map<string, string>();
  for (const statement of body.split(';').filter((s) => s.trim())) {
    const [, column, value] = /^\s*new\.(\w+)\s*:=\s*([\s\S]+?)\s*$/.exec(statement) ?? [];
    if (!column || !value || !(CONTACT_ROW as readonly string[]).includes(column))
      throw new Error(
        `The trigger function matters_first_contact is not assignments to a matter's contacts: ${source}`,
      );
    assigned.set(column, value);
  }
  // The function's assignments over a relation named `new` (the rows as each update leaves them before
  // the function runs), carrying the contact still to come.
  const through = (rows: string) =>
    `select ${CONTACT_ROW.map((c) => `${assigned.get(c) ?? `new.${c}`} as ${c}`).join(', ')}, new.next_contact
     from (${rows}) as new`;
  const statement = `with after_first as (${through(
    `select id, null::text as first_client_contact_at, first_contact as last_client_contact_at, last_contact as next_contact
     from unnest($1::text[], $2::text[], $3::text[]) as contact(id, first_contact, last_contact)`,
  )})
  select id, first_client_contact_at, last_client_contact_at from (${through(
    `select id, first_client_contact_at, next_contact as last_client_contact_at, null::text as next_contact
     from after_first where next_contact is not null`,
  )}) as after_last
  union all select id, first_client_contact_at, last_client_contact_at from after_first where next_contact is null`;

  return async (rules, { contacts }) => {
    const derived = new Map<string, [string, string]>();
    if (contacts.ids.length === 0) return derived;
    const { rows } = await rules.query<{
      id: string;
      first_client_contact_at: string;
      last_client_contact_at: string;
    }>(statement, [contacts.ids, contacts.firsts, contacts.lasts]);
    for (const row of rows) derived.set(row.id, [row.first_client_contact_at, row.last_client_contact_at]);
    return derived;
  };
}

/**
 * The statement of matter_search_on_insert's function run once over every matter (each `new.` a
 * matter). It tells a matter's words apart within the matter (0077), so it needs no sort of all the
 * words, and their key is built after them.
 */
async function searchWordsOverAll(client: PgClient): Promise<string> {
  const { source } = await triggerFunction(
    client,
    'matter_search_on_insert',
    /^CREATE TRIGGER matter_search_on_insert AFTER INSERT ON public\.matters FOR EACH ROW EXECUTE FUNCTION \w+\(\)$/,
  );
  const body = /^\s*begin\b([\s\S]*?);?\s*\breturn\s+null\s*;\s*end\s*$/i.exec(source)?.[1]?.trim();
  const alias = 'each_row';
  const statement = body?.replace(/\bnew\./g, `${alias}.`).replace(/\bfrom\b/i, `from matters ${alias},`);
  if (
    !statement ||
    statement.includes(';') ||
    statement === body ||
    /^\s*insert\s+into\s+\w+\s*\([^)]*\)\s*select\s+distinct\b/i.test(statement)
  )
    throw new Error(
      `The trigger function matter_search_on_insert is not one insert over its row, its words told apart within the row: ${source}`,
    );
  return statement;
}

interface TableText {
  table: string;
  columns: string[];
  text: string[];
}

/** Each table's COPY text, gathered batch by batch, in the order the tables are written. */
function copyTexts() {
  const names = Object.keys(CASELOAD_TABLES) as CaseloadTable[];
  const columns = new Map(names.map((name) => [CASELOAD_TABLES[name].table, copyColumns(name)]));
  let texts = new Map<string, string[]>();
  let bytes = 0;
  const hold = (table: string, text: string) => {
    let held = texts.get(table);
    if (!held) {
      held = [];
      texts.set(table, held);
    }
    held.push(text);
    bytes += text.length;
  };
  return {
    /** Adds a batch's rows, each matter's with the contacts the rule derived (by id). */
    add(batch: CopyTextBatch, contacts: Map<string, [string, string]>) {
      for (const { table, text } of batch.tables) if (table !== 'matters') hold(table, text);
      let matters = '';
      for (const [i, row] of batch.matters.entries()) {
        const [first, last] = contacts.get(batch.matterIds[i] ?? '') ?? [null, null];
        // In the order of CONTACT_COLUMNS.
        matters += `${row}\t${copyField(last)}\t${copyField(first)}\n`;
      }
      if (matters) hold('matters', matters);
    },
    bytes: () => bytes,
    /** The text gathered so far, per table in order (matters before the rows that reference them); starts again empty. */
    take(): TableText[] {
      const taken = names.flatMap((name) => {
        const table = CASELOAD_TABLES[name].table;
        const text = texts.get(table);
        return text ? [{ table, columns: columns.get(table) ?? [], text }] : [];
      });
      texts = new Map();
      bytes = 0;
      return taken;
    },
  };
}

/** Sends each table's text by one COPY, frozen (the tables were emptied in this transaction). */
export async function copyInto(client: PgClient, tables: TableText[]): Promise<void> {
  for (const { table, columns, text } of tables)
    await pipeline(
      Readable.from(text),
      client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin freeze`)),
    );
}
