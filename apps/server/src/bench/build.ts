// Builds a benchmark database of N matters with realistic shapes (see caseload.ts). The queue facts
// are derived by the API's rules (queueFacts, and the first-contact trigger over each contact's
// update). A second thread generates the rows (caseload-worker.ts; a small caseload, this one) while
// this one writes them, many rows to a prepared statement, in one transaction without a journal;
// indexes and the counting triggers are set aside while the rows go in and rebuilt after (as any
// bulk load does), and the counts those triggers keep are filled from the API's recount.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { hashPassword, refillKeptCounts } from '@relief-desk/api';
import { type Database, migrateToLatest, newId, openDatabase } from '@relief-desk/db';
import { Kysely, SqliteDialect } from 'kysely';
import {
  CASELOAD_TABLES,
  type CaseloadBatch,
  type CaseloadOptions,
  type CaseloadTable,
  caseloadBatches,
} from './caseload.ts';
import { type CopyTextBatch, copyTextOf } from './copy-text.ts';
import {
  bulkLoadSettings,
  contactWriter,
  indexBuildSettings,
  rowWriter,
  type SetAside,
  type SharedValues,
  setAside,
  triggerOverAll,
  updateTriggerOverRows,
} from './rows.ts';
import { openSqlite } from './sqlite.ts';

export const BENCH_PASSWORD = 'benchmark pass phrase 2026';
export const BENCH_SUPERVISOR = 'supervisor@bench.example.org';
export const COUNTIES = ['Alameda', 'Contra Costa', 'San Francisco', 'San Mateo', 'Santa Clara'] as const;

export interface BuildPhase {
  name: string;
  seconds: number;
  /** Both threads'. */
  cpuSeconds: number;
  /** The main thread's alone, which bounds the build on two cores (Linux; NaN elsewhere). */
  mainThreadCpuSeconds: number;
  /** PostgreSQL's processes' (its build; Linux, the server on this machine). */
  postgresCpuSeconds?: number;
}

export interface BuiltDatabase {
  officeId: string;
  supervisorId: string;
  today: string;
  seconds: number;
  /** CPU time of the build (user + system, all its threads): on a shared machine, wall time says more about the neighbours. */
  cpuSeconds: number;
  phases: BuildPhase[];
}

/** Matters per batch the generating thread posts, and how many batches it may run ahead of the writer. */
const BATCH_MATTERS = 2000;
const BATCHES_AHEAD = 4;
/** Starting a thread costs a second or two of loading; a smaller caseload is generated in this one. */
const THREAD_FROM = 200_000;

interface WriteOptions {
  /** In a second thread (by default for a large caseload, see THREAD_FROM). */
  inThread?: boolean;
  onFailure?: () => void;
}

/**
 * Generates the caseload (in a second thread for a large one) and writes each batch as it comes, in
 * order, as rows or (given the values every row shares) as COPY text: a batch's write may be
 * asynchronous (PostgreSQL's), and the thread stays at most BATCHES_AHEAD batches ahead of the
 * writes finished.
 */
export function writeCaseload(
  options: CaseloadOptions,
  write: (batch: CaseloadBatch) => void | Promise<void>,
  how?: WriteOptions,
): Promise<void>;
export function writeCaseload(
  options: CaseloadOptions,
  write: (batch: CopyTextBatch) => void | Promise<void>,
  how: WriteOptions & { copyText: SharedValues },
): Promise<void>;
export async function writeCaseload(
  options: CaseloadOptions,
  write: (batch: never) => void | Promise<void>,
  {
    inThread = options.matters >= THREAD_FROM,
    onFailure = () => {},
    copyText = null,
  }: WriteOptions & { copyText?: SharedValues | null } = {},
): Promise<void> {
  const writeBatch = write as (batch: CaseloadBatch | CopyTextBatch) => void | Promise<void>;
  if (!inThread) {
    for (const batch of caseloadBatches(options))
      await writeBatch(copyText ? copyTextOf(batch, copyText) : batch);
    return;
  }
  const written = new SharedArrayBuffer(4);
  const done = new Int32Array(written);
  // A thread does not take the parent's TypeScript loader (nor one given with --import in Node 20),
  // so it registers tsx before it loads the TypeScript module.
  const worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => {
       register();
       return import(${JSON.stringify(new URL('./caseload-worker.ts', import.meta.url).href)});
     });`,
    { eval: true, workerData: { options, written, ahead: BATCHES_AHEAD, copyText } },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      // Each batch's write after the one before it has finished.
      let writes = Promise.resolve();
      worker.on('message', (batch: CaseloadBatch | CopyTextBatch | null) => {
        if (batch === null) {
          writes.then(resolve, reject);
          return;
        }
        writes = writes.then(async () => {
          await writeBatch(batch);
          Atomics.add(done, 0, 1);
          Atomics.notify(done, 0);
        });
        writes.catch(reject);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`The caseload thread stopped with code ${code}.`));
      });
    });
  } catch (error) {
    onFailure();
    throw error;
  } finally {
    await worker.terminate();
  }
}

/**
 * Times a build's phases: wall time, CPU of all the process's threads, and the main thread's (and,
 * given a reader of it, the CPU of the database server's processes).
 */
export function buildClock(serverCpuSeconds?: () => number) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const phases: BuildPhase[] = [];
  let phaseStarted = started;
  let phaseCpu = process.cpuUsage();
  let phaseMain = mainThreadCpuSeconds();
  let phaseServer = serverCpuSeconds?.() ?? 0;
  return {
    phases,
    phase(name: string) {
      const cpu = process.cpuUsage(phaseCpu);
      const now = performance.now();
      const main = mainThreadCpuSeconds();
      const server = serverCpuSeconds?.() ?? 0;
      phases.push({
        name,
        seconds: (now - phaseStarted) / 1000,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        mainThreadCpuSeconds: main - phaseMain,
        ...(serverCpuSeconds ? { postgresCpuSeconds: server - phaseServer } : {}),
      });
      phaseMain = main;
      phaseServer = server;
      phaseStarted = now;
      phaseCpu = process.cpuUsage();
    },
    /** The whole build's wall and CPU seconds so far. */
    total() {
      const cpu = process.cpuUsage(cpuStart);
      return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    },
  };
}

/** The office the caseload belongs to and its supervisor, the same on both databases. */
export async function benchOffice(today: string) {
  return {
    officeId: newId(new Date('2020-01-01T00:00:00Z')),
    supervisorId: newId(new Date('2020-01-01T00:00:01Z')),
    now: `${today}T18:00:00.000Z`,
    passwordHash: await hashPassword(BENCH_PASSWORD),
  };
}

export async function buildBenchDatabase(
  path: string,
  matters: number,
  today: string,
  { inThread }: { inThread?: boolean } = {},
): Promise<BuiltDatabase> {
  const { phase, phases, total } = buildClock();
  const app = openDatabase(path);
  await migrateToLatest(app.db);
  await app.close();

  const db = openSqlite(path);
  bulkLoadSettings(db);
  // The triggers that write a matter's first contact and its search words are each the one author of
  // what they write, but each is run as one statement over many matters rather than once per matter:
  // the first contact over each batch's matters (which come with their first contact as their last,
  // below), the search words over all of them after the load (in the order of the words' key).
  const firstContact = db
    .prepare(
      `select type, name, tbl_name as "table", sql from sqlite_master where name = 'matters_first_contact'`,
    )
    .get() as SetAside | undefined;
  if (!firstContact) throw new Error('The trigger matters_first_contact is missing.');
  const aside = setAside(
    db,
    [
      'matters',
      'clients',
      'convictions',
      'matter_search',
      'petitions',
      'petition_convictions',
      'eligibility_decisions',
      'matter_events',
    ],
    ['matters_first_contact'],
  );
  const searchWords = aside.find((d) => d.name === 'matter_search_on_insert');
  if (!searchWords) throw new Error('The trigger matter_search_on_insert is missing.');

  const { officeId, supervisorId, now, passwordHash } = await benchOffice(today);
  phase('migrate');

  const shared = { office: officeId, now, password: passwordHash };
  const writers = Object.fromEntries(
    (Object.keys(CASELOAD_TABLES) as CaseloadTable[]).map((table) => [table, rowWriter(db, table, shared)]),
  ) as Record<CaseloadTable, (values: unknown[]) => void>;
  const contact = contactWriter(db);
  const lastMatter = db.prepare('select coalesce(max(rowid), 0) as rowid from matters');
  const firstContacts = db.prepare(updateTriggerOverRows(firstContact));
  const write = (batch: CaseloadBatch) => {
    for (const table of Object.keys(CASELOAD_TABLES) as CaseloadTable[]) {
      const values = batch.rows[table];
      if (table !== 'matters') {
        if (values) writers[table](values);
        continue;
      }
      // The batch's matters hold their first contact as their last: what the trigger does when it is
      // written, done here for the batch in one pass; then their last contacts, each fires the trigger.
      // (One contact update a matter rather than two, and no update from within the trigger: 5.9 s of
      // a 1,000,000-matter build had gone to the contacts.)
      const { rowid } = lastMatter.get() as { rowid: number };
      if (values) writers.matters(values);
      firstContacts.run(rowid);
      contact(batch.lastContacts);
    }
  };

  db.exec('begin');
  db.prepare('insert into offices (id, name, created_at, updated_at) values (?, ?, ?, ?)').run(
    officeId,
    'Bay Area Record Clearance Project',
    now,
    now,
  );
  const county = db.prepare('insert into office_counties (office_id, county) values (?, ?)');
  for (const name of COUNTIES) county.run(officeId, name);
  // The benchmark measures reading; the server's first follow-up sweep would otherwise queue
  // thousands of messages for this synthetic caseload while the measurements run.
  db.prepare(
    'insert into office_message_settings (office_id, follow_up_enabled, follow_up_days, updated_at) values (?, 0, 42, ?)',
  ).run(officeId, now);
  db.prepare(
    `insert into users (id, office_id, email, name, role, password_hash, can_view_rap_sheets, created_at, updated_at)
     values (?, ?, ?, ?, 'supervisor', ?, 1, ?, ?)`,
  ).run(supervisorId, officeId, BENCH_SUPERVISOR, 'Bench Supervisor', passwordHash, now, now);
  const options = { matters, today, batchSize: BATCH_MATTERS };
  await writeCaseload(options, write, { inThread, onFailure: () => db.close() });
  db.exec('commit');
  phase('load');

  indexBuildSettings(db);
  // Ordered by the words' key (office, word, matter), so they are appended in order: sorting them is
  // most of the statement's time, and with the index builds' settings SQLite sorts on two threads (at
  // 300,000 matters 2.1 s → 1.0-1.1 s; with the load's large cache it sorted on this thread alone).
  db.exec(triggerOverAll(searchWords, '1, 2, 3'));
  phase('search words');
  for (const { sql } of aside.filter((d) => d.type === 'index')) db.exec(sql);
  phase('indexes');
  for (const { sql } of aside.filter((d) => d.type === 'trigger')) db.exec(sql);
  // The counts the triggers keep, for the rows loaded while they were set aside, on this connection.
  // The recount fills the matters' chains of days (0039) after their days, so the triggers that link
  // each day into its chain as it goes in wait too (build.int.test.ts checks the counts against a
  // refill with them in place).
  const chains = setAside(db, ['court_outcome_matters']);
  const kept = new Kysely<Database>({ dialect: new SqliteDialect({ database: db as never }) });
  await refillKeptCounts(kept, 'sqlite');
  for (const { sql } of chains) db.exec(sql);
  db.pragma('journal_mode = WAL');
  await kept.destroy();
  phase('kept counts');
  return { officeId, supervisorId, today, ...total(), phases };
}

/** From /proc: the thread whose id is the process's is the main thread. */
function mainThreadCpuSeconds(): number {
  return cpuSecondsOf(`/proc/self/task/${process.pid}/stat`);
}

/** A process's or thread's CPU seconds from its /proc stat file (ticks of 10 ms); NaN if it cannot be read. */
export function cpuSecondsOf(statPath: string): number {
  try {
    const fields = readFileSync(statPath, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
