// `pnpm bench:matter-page -- --readers R --writers 0,1,2 --seconds S`: the matter page under load, on
// the demo data. Starts the server as `pnpm start` runs it (the bundle built once, plain `node`) on a
// new SQLite database seeded with the demo offices (with `--database postgres://…`, or `--postgres` for
// TEST_DATABASE_URL, a new PostgreSQL database of its own on that server, dropped at the end), signs
// in the demo attorney and intake worker over HTTP, and for each number of writers in turn runs S
// seconds: R readers open the office's matter pages one after another (matters.get, as the web app
// does when a matter is opened: the matter, its client's details, its timeline, documents,
// convictions and petitions, and the read's audit row), while each writer adds notes to the office's
// matters one after another (matters.addNote: a change with its timeline event and audit row). One
// JSON line per number of writers (pages and notes a second, p50/p95 ms of each, the server's CPU per
// request), then one line with each level's pages a second beside the level without writers. Checks
// at the end that every page read and every note measured is on record in the audit log, once. A report: it
// exits 0 whatever the figures, 1 when a request or that check fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainAuditJournal, openDatabase } from '@relief-desk/db';
import { buildServerInNewFolder } from '../../build.ts';
import { DEMO_PASSWORD } from '../seed/demo.ts';
import { startBuilt } from '../test-support/built-server.ts';
import { freePort } from '../test-support/server-process.ts';
import { wholeNumberArgument } from './arguments.ts';
import { cpuMsOf, signedInClient } from './http-client.ts';
import { createBenchPostgres, parsePostgres } from './postgres.ts';

/** Opens matter pages: the demo attorney, who may see criminal history, so a page shows it all. */
const READER = 'attorney@example.org';
const WRITER = 'intake@example.org';
/** Pages read by every reader before the first measured level. */
const WARM_UP_SECONDS = 8;

function writerLevels(): number[] {
  const i = process.argv.indexOf('--writers');
  if (i === -1) return [0, 1, 2];
  const levels = String(process.argv[i + 1])
    .split(',')
    .map(Number);
  if (levels.length === 0 || !levels.every((n) => Number.isInteger(n) && n >= 0 && n <= 64))
    throw new Error('--writers takes whole numbers from 0 to 64 joined by commas (0,1,2).');
  return levels;
}

// The procedures the benchmark calls; the AppRouter type lives with the API.
interface MatterPageClient {
  auth: { signIn: { mutate(input: { email: string; password: string }): Promise<unknown> } };
  matters: {
    list: {
      query(input: unknown): Promise<{ items: { id: string }[]; nextCursor: string | null }>;
    };
    get: { query(input: { matterId: string }): Promise<unknown> };
    addNote: { mutate(input: { matterId: string; text: string }): Promise<unknown> };
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const round = (n: number) => Math.round(n * 100) / 100;

/** Calls `work` on a random matter, one call after another, until `until`; returns each call's ms. */
async function loop(matterIds: string[], until: number, work: (matterId: string) => Promise<unknown>) {
  const times: number[] = [];
  while (performance.now() < until) {
    const matterId = matterIds[Math.floor(Math.random() * matterIds.length)] ?? '';
    const started = performance.now();
    await work(matterId);
    times.push(performance.now() - started);
  }
  return times;
}

/** Audit rows of pages read and notes added, as the log holds them now. */
async function onRecord(databaseUrl: string): Promise<{ pages: number; notes: number }> {
  const database = openDatabase(databaseUrl);
  try {
    // A page's row waits in the audit journal until chained: counted once it is.
    await chainAuditJournal(database.db);
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
      .where('action', 'in', ['matters.get', 'matters.addNote'])
      .where('outcome', '=', 'ok')
      .groupBy('action')
      .execute();
    const count = (action: string) => Number(rows.find((row) => row.action === action)?.n ?? 0);
    return { pages: count('matters.get'), notes: count('matters.addNote') };
  } finally {
    await database.close();
  }
}

async function allMatterIds(client: MatterPageClient): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await client.matters.list.query({
      queue: 'all',
      limit: 100,
      cursor,
    });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

async function main(): Promise<void> {
  const readers = wholeNumberArgument('--readers', 4, 1, 64);
  const seconds = wholeNumberArgument('--seconds', 10, 1, 600);
  const levels = writerLevels();
  const postgresServer = parsePostgres(process.argv.slice(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-bench-matter-page-'));
  const cleanUp: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const { main: serverMain, outdir } = await buildServerInNewFolder();
    cleanUp.push(() => rmSync(outdir, { recursive: true, force: true }));
    const postgres = postgresServer ? await createBenchPostgres(postgresServer) : null;
    if (postgres) cleanUp.push(() => postgres.drop());
    const databaseUrl = postgres?.url ?? `file:${join(dataDir, 'relief-desk.sqlite')}`;
    const port = await freePort();
    const server = await startBuilt(
      serverMain,
      { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn' },
      port,
    );
    cleanUp.push(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    });
    const reader = await signedInClient<MatterPageClient>(server.origin, READER, DEMO_PASSWORD);
    const writer = await signedInClient<MatterPageClient>(server.origin, WRITER, DEMO_PASSWORD);
    const matterIds = await allMatterIds(reader);
    // Warm: the server's first thousand or so requests run before V8 has optimised them.
    const warmUntil = performance.now() + WARM_UP_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: readers }, () =>
        loop(matterIds, warmUntil, (matterId) => reader.matters.get.query({ matterId })),
      ),
    );
    const before = await onRecord(databaseUrl);
    const counted = { pages: 0, notes: 0 };
    const results: { writers: number; pagesPerSecond: number }[] = [];
    for (const writers of levels) {
      const cpuBefore = cpuMsOf(server.child.pid);
      const until = performance.now() + seconds * 1000;
      const [pageTimes, noteTimes] = await Promise.all([
        Promise.all(
          Array.from({ length: readers }, () =>
            loop(matterIds, until, (matterId) => reader.matters.get.query({ matterId })),
          ),
        ).then((each) => each.flat().sort((a, b) => a - b)),
        Promise.all(
          Array.from({ length: writers }, (_, w) =>
            loop(matterIds, until, (matterId) =>
              writer.matters.addNote.mutate({ matterId, text: `Benchmark note from writer ${w + 1}.` }),
            ),
          ),
        ).then((each) => each.flat().sort((a, b) => a - b)),
      ]);
      const cpu = cpuMsOf(server.child.pid) - cpuBefore;
      counted.pages += pageTimes.length;
      counted.notes += noteTimes.length;
      const pagesPerSecond = round(pageTimes.length / seconds);
      results.push({ writers, pagesPerSecond });
      console.log(
        JSON.stringify({
          name: 'matter page under writers',
          database: postgres ? 'postgres' : 'sqlite',
          readers,
          writers,
          seconds,
          matters: matterIds.length,
          pages_per_s: pagesPerSecond,
          page_p50_ms: round(percentile(pageTimes, 50)),
          page_p95_ms: round(percentile(pageTimes, 95)),
          notes_per_s: round(noteTimes.length / seconds),
          note_p50_ms: noteTimes.length ? round(percentile(noteTimes, 50)) : null,
          note_p95_ms: noteTimes.length ? round(percentile(noteTimes, 95)) : null,
          server_cpu_ms_per_request: round(cpu / (pageTimes.length + noteTimes.length)),
          load_average: round(loadavg()[0] ?? 0),
        }),
      );
    }
    const [alone] = results;
    console.log(
      JSON.stringify({
        name: 'matter pages a second, beside the level without writers',
        levels: results.map((r) => ({
          writers: r.writers,
          pages_per_s: r.pagesPerSecond,
          ratio: alone ? round(r.pagesPerSecond / alone.pagesPerSecond) : null,
        })),
      }),
    );

    // Every page read and every note measured is on record, once.
    const after = await onRecord(databaseUrl);
    const recorded = { pages: after.pages - before.pages, notes: after.notes - before.notes };
    console.log(JSON.stringify({ name: 'audit rows', sent: counted, on_record: recorded }));
    if (recorded.pages !== counted.pages || recorded.notes !== counted.notes)
      throw new Error('The audit log does not hold one row for each page read and each note added.');
  } finally {
    for (const step of cleanUp.reverse()) await step();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
