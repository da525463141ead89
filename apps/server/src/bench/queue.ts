// `pnpm bench:queue -- --matters N`: builds a database of N matters (default 1,000,000) in a temporary
// folder (with `--database postgres://…`, or `--postgres` for TEST_DATABASE_URL, also the same caseload
// built into a PostgreSQL database of its own, dropped at the end: each database is measured in turn, and
// each measurement printed once more with both databases' figures side by side; `--postgres-only`
// builds and measures PostgreSQL alone), starts the real server on it (built as `pnpm start` builds it), signs in over HTTP and measures the
// queues, search and the
// dashboard through the real tRPC client, beside the same queries run as raw SQL: every queue's first
// page, filtered first pages and their counts (asked for after the rows), drill-downs, the queue
// counts, the dashboard and each of its queries. One JSON object per line, then a summary line
// against the targets. Exits 0 even when a target is missed (it is a
// report); non-zero when something breaks or a query plan scans the matters table or sorts in a
// temporary B-tree on the built database (on PostgreSQL: a sequential scan of matters). Each timed
// line carries server_cpu_ms, the server's CPU time per request, which a busy machine moves less than
// the wall-clock figures. `--compare M` measures at M matters first, then at N, and prints each
// measurement at both sizes with its ratio (target 1.3x). Before the first measured line, a warm-up
// of first pages and searches (BENCH_WARM_UP_REQUESTS, 1,000) prints the server's cold cost on its
// own line. `--profile` measures the warm-up and first pages only, under V8's CPU profiler, and
// prints where the server's time went, per request by step. `--build-only` stops after the
// build's line. `--node-flag <flag>` starts the server's node with a flag (repeat for more).
// The script runs with a young generation of 64 MB (`--max-semi-space-size=64`): a batch of the
// caseload lives across many collections of a smaller one, and copying it each time was half of
// generating it (200,000 matters generated as COPY text: 7.0 s, 4.9 s with it).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  badPlanLines,
  dashboardQueries,
  keptCountsQuery,
  keptViewCountQuery,
  type ViewScope,
  viewCountQuery,
  viewQuery,
} from '@relief-desk/api';
import { type Database, type DialectName, officeScoped, SQLITE_CACHE_KIB } from '@relief-desk/db';
import {
  addDays,
  californiaDate,
  MATTER_ACTIVITIES,
  type MatterView,
  matterViewSchema,
  QUEUE_IDS,
  type QueueId,
  sortKeysOf,
} from '@relief-desk/domain';
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { buildServerInNewFolder } from '../../build.ts';
import { startBuilt } from '../test-support/built-server.ts';
import { freePort } from '../test-support/server-process.ts';
import { nodeFlagArguments } from './arguments.ts';
import { BENCH_PASSWORD, BENCH_SUPERVISOR, type BuiltDatabase, buildBenchDatabase } from './build.ts';
import { cpuMsOf, memoryOf, signedInClient } from './http-client.ts';
import { type BenchPostgres, parsePostgres } from './postgres.ts';
import { buildBenchPostgres } from './postgres-build.ts';
import { summariseProfile } from './profile.ts';
import { openSqlite, type SqliteDatabase } from './sqlite.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
/**
 * A view's count is asked for after its page, which does not wait for it: half the samples. Every
 * count reads kept counts or stops at its bound, a few milliseconds; with a tenth of them (6), the
 * median of a 2-3 ms count moved by a millisecond between runs, and two kept counts whose SQL took
 * the same 0.01-0.2 ms at both sizes read as not flat.
 */
const COUNT_ITERATIONS = Math.max(10, Math.ceil(ITERATIONS / 2));

function parseMatters(argv: string[]): number {
  const i = argv.indexOf('--matters');
  if (i === -1) return 1_000_000;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1000) throw new Error('--matters takes a whole number of at least 1000.');
  return n;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 100) / 100;

const WARM_UP = 3;
/** First pages and searches sent before the first measured line, so no measurement carries the server's cold start. */
const WARM_UP_REQUESTS = Number(process.env.BENCH_WARM_UP_REQUESTS ?? 1000);

/**
 * Empties this process's young generation (package.json runs the benchmark with --expose-gc). The
 * benchmark's own client fills it about once every 60 requests, and its collection (5-14 ms at
 * 1,000,000 matters) paused the client inside one sample of nearly every line, counted as the
 * request's time. Emptied before the samples, the client's pauses stay out of them; the server's
 * own pauses are measured as before.
 */
const exposedGc = globalThis.gc as ((options: { type: 'minor' }) => void) | undefined;
const collectYoungGeneration = () => exposedGc?.({ type: 'minor' });
if (!exposedGc)
  console.warn(
    'Run with node --expose-gc (as `pnpm bench:queue` does): without it, the benchmark’s own garbage collections fall inside the samples.',
  );

async function time(work: () => unknown, iterations: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARM_UP; i++) await work();
  collectYoungGeneration();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/**
 * The server as `pnpm start` runs it: the bundle built once for this run, with plain `node`, its
 * output passed on.
 */
async function startServer(
  serverMain: string,
  dataDir: string,
  port: number,
  databaseUrl: string,
  profileDir: string | null,
): Promise<ChildProcess> {
  // With --profile, V8's CPU profile of the server, written when it stops (summarised by profile.ts).
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const nodeFlags = [...nodeFlagArguments(), ...profiling];
  const server = await startBuilt(
    serverMain,
    {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
    },
    port,
    nodeFlags,
  );
  server.child.stdout?.pipe(process.stdout);
  server.child.stderr?.pipe(process.stderr);
  return server.child;
}

// The procedures the benchmark calls; the AppRouter type lives with the API, the client with the web app.
interface BenchClient {
  auth: { signIn: { mutate(input: { email: string; password: string }): Promise<unknown> } };
  matters: { list: { query(input: unknown): Promise<{ items: unknown[]; nextCursor: string | null }> } };
  queues: {
    counts: { query(): Promise<Record<QueueId, number>> };
    viewCount: {
      query(input: unknown): Promise<{ total: number; exact: boolean; before: number | null; bound: number }>;
    };
  };
  dashboard: { get: { query(): Promise<unknown> } };
}

const signedIn = (base: string, email: string) => signedInClient<BenchClient>(base, email, BENCH_PASSWORD);

function compilerFor(dialect: DialectName): Kysely<Database> {
  const postgres = dialect === 'postgres';
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
}

type Row = Record<string, string | number | null>;
/** Runs SQL as written (`?` placeholders) on the measured database, bypassing the server. */
type RawRunner = (sql: string, parameters: readonly unknown[]) => Promise<Row[]>;

function sqliteRunner(sqlite: SqliteDatabase): RawRunner {
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  return async (sql, parameters) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      statements.set(sql, statement);
    }
    return statement.all(...parameters) as Row[];
  };
}

function postgresRunner(postgres: BenchPostgres): RawRunner {
  return async (sql, parameters) => {
    let n = 0;
    const text = sql.includes('?') ? sql.replace(/\?/g, () => `$${++n}`) : sql;
    return (await postgres.client.query<Row>(text, [...parameters])).rows;
  };
}

/**
 * The ten queues' first pages and their clients, one after another as staff open them, straight on
 * the database file: CPU and read calls per page with the server's page cache and with SQLite's
 * default of 2 MB (a page the cache has let go is read again from the file, a call and a copy each).
 */
function firstPagesInTurn(path: string, scope: ViewScope): Record<string, unknown> {
  const measureWith = (cacheKib: number) => {
    const db = openSqlite(path, { readonly: true });
    try {
      db.pragma(`cache_size = -${cacheKib}`);
      const pages = QUEUE_IDS.map((queue) => {
        const { sql, parameters } = viewQuery(
          scope,
          matterViewSchema.parse({ queue }),
          null,
          51,
        ).query.compile();
        return { statement: db.prepare(sql), parameters };
      });
      const clients = db.prepare(
        'select c.id, c.legal_name, c.preferred_language from json_each(?) page cross join clients c where c.id = page.value',
      );
      const round = () => {
        for (const { statement, parameters } of pages) {
          const rows = statement.all(...parameters) as { client_id: string }[];
          clients.all(JSON.stringify(rows.map((row) => row.client_id)));
        }
      };
      for (let i = 0; i < 50; i++) round();
      const rounds = 300;
      const readsBefore = readCalls();
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < rounds; i++) round();
      const cpu = process.cpuUsage(cpuBefore);
      const pagesRead = rounds * pages.length;
      return {
        cpu_us: Math.round((cpu.user + cpu.system) / pagesRead),
        read_calls: Math.round(((readCalls() - readsBefore) / pagesRead) * 10) / 10,
      };
    } finally {
      db.close();
    }
  };
  const server = measureWith(SQLITE_CACHE_KIB);
  const small = measureWith(2000);
  return {
    name: 'first pages in turn, straight on the database (per page with its clients)',
    cpu_us_server_cache: server.cpu_us,
    read_calls_server_cache: server.read_calls,
    server_cache_kib: SQLITE_CACHE_KIB,
    cpu_us_2mb_cache: small.cpu_us,
    read_calls_2mb_cache: small.read_calls,
  };
}

/** Read calls this process has made (Linux; NaN elsewhere). */
function readCalls(): number {
  try {
    return Number(/^syscr: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
  } catch {
    return Number.NaN;
  }
}

/** The filtered views measured (first page, then count), whose plans are checked too. */
const FILTERED_VIEWS: [string, Record<string, unknown>][] = [
  ['all matters in one county', { queue: 'all', counties: ['San Mateo'] }],
  [
    'all matters open in two stages',
    { queue: 'all', stages: ['gathering_records', 'eligibility_review'], status: 'open' },
  ],
  ['eligibility review in one county', { queue: 'eligibility_review', counties: ['Alameda'] }],
  ['all matters unassigned', { queue: 'all', assignee: 'unassigned' }],
  ['all matters in Spanish', { queue: 'all', languages: ['es'] }],
  ['needs client update from partners', { queue: 'needs_client_update', referralSources: ['partner'] }],
];

/** An index a plan must read, per database (a line of its plan matches). */
interface MustRead {
  sqlite?: RegExp;
  postgres?: RegExp;
}

/**
 * The plan rules of plans.int.test.ts, checked again on the built database: no queue page or count
 * scans the matters table or sorts in a temporary B-tree, and no dashboard query scans a table. On
 * PostgreSQL, whose planner weighs its statistics: no sequential scan of matters, and no sort spilled to
 * disk (the queries are run to see it).
 */
async function checkPlans(
  run: RawRunner,
  scope: ViewScope,
  searches: string[],
): Promise<{ checked: number; failed: string[] }> {
  const failed: string[] = [];
  const checks: [string, CompiledQuery, boolean, MustRead][] = [];
  const check = (name: string, compiled: CompiledQuery, allowTempSort: boolean, mustRead: MustRead = {}) =>
    checks.push([name, compiled, allowTempSort, mustRead]);
  for (const queue of QUEUE_IDS)
    for (const sort of sortKeysOf(queue))
      for (const direction of ['asc', 'desc'] as const) {
        const view = matterViewSchema.parse({ queue, sort, direction });
        const first = viewQuery(scope, view, null, 51);
        check(`${queue} by ${sort} ${direction}`, first.query.compile(), false);
        const after = ['2026-01-01', 'X', 'Y'].slice(0, first.sortWidth);
        check(
          `${queue} by ${sort} ${direction}, later page`,
          viewQuery(scope, view, after, 51).query.compile(),
          false,
        );
      }
  // A view's count the kept counts cannot tell (a filter they do not keep) reads its queue's index.
  for (const queue of QUEUE_IDS)
    check(
      `index count of ${queue}`,
      viewCountQuery(scope, matterViewSchema.parse({ queue }), null).compile(),
      false,
    );
  check('queue counts from the kept counts', keptCountsQuery(scope).compile(), false);
  // A filtered view's page and its count to the bound (on PostgreSQL a filter it misestimated made
  // that count a scan of every matter).
  for (const [name, filters] of FILTERED_VIEWS) {
    const view = matterViewSchema.parse(filters);
    check(`filtered ${name}`, viewQuery(scope, view, null, 51).query.compile(), false);
    check(`count of filtered ${name}`, viewCountQuery(scope, view, null, { bound: 1000 }).compile(), false);
  }
  // Each drill-down reads its activity's index in its own order, its count that range up to the bound.
  for (const kind of MATTER_ACTIVITIES) {
    const dated = kind !== 'court_pending';
    const view = matterViewSchema.parse({
      queue: 'all',
      activity: {
        kind,
        from: dated ? addDays(scope.today, -83) : null,
        to: dated ? scope.today : null,
        by: kind === 'touched' ? scope.userId : null,
      },
    });
    const first = viewQuery(scope, view, null, 51);
    // A listed matter's later rows of the activity are read by the matter, not through the span.
    check(`drill-down ${kind}`, first.query.compile(), false, {
      sqlite: /SEARCH later_row USING (COVERING )?INDEX (matter_events_matter|petitions_matter) \(matter_id=/,
    });
    const after = [addDays(scope.today, -30), 'X'];
    check(`drill-down ${kind}, later page`, viewQuery(scope, view, after, 51).query.compile(), false);
    check(`count of drill-down ${kind}`, viewCountQuery(scope, view, null, { bound: 1000 }).compile(), false);
  }
  for (const [name, query] of Object.entries(dashboardQueries(scope)))
    check(`dashboard ${name}`, query.compile(), true);
  // A search lists each matter at its first match: whether a row has an earlier one is read by its
  // matter (one or two rows), never through the office's whole matching range again for each row.
  for (const search of searches) {
    const view = matterViewSchema.parse({ queue: 'all', search });
    const first = viewQuery(scope, view, null, 51);
    const byMatter = first.driver?.kind === 'name' || first.driver?.kind === 'caseNumber';
    const mustRead: MustRead = byMatter
      ? {
          sqlite:
            /SEARCH earlier USING (COVERING )?INDEX (matter_search_matter|convictions_matter) \(matter_id=/,
          postgres: /Index (Only )?Scan using (matter_search_matter|convictions_matter) on \w+ earlier/,
        }
      : {};
    check(`search ${search}`, first.query.compile(), false, mustRead);
    check(`count of search ${search}`, viewCountQuery(scope, view, null, { bound: 1000 }).compile(), false);
  }
  for (const [name, compiled, allowTempSort, mustRead] of checks) {
    if (scope.dialect === 'postgres') {
      // Run as well as planned, so a sort that spilled to disk shows ("external merge", "Disk:").
      const plan = (
        await run(`explain (analyze, costs off, timing off) ${compiled.sql}`, compiled.parameters)
      ).map((row) => String(row['QUERY PLAN']));
      const bad = plan.filter(
        (line) => /Seq Scan on matters\b/.test(line) || /Sort Method: external|Disk: \d/.test(line),
      );
      if (mustRead.postgres && !plan.some((line) => mustRead.postgres?.test(line)))
        bad.push(`does not read ${mustRead.postgres.source}`);
      if (bad.length > 0) failed.push(`${name}: ${bad.join('; ')}`);
      continue;
    }
    const plan = (await run(`explain query plan ${compiled.sql}`, compiled.parameters)).map((row) =>
      String(row.detail),
    );
    const bad = badPlanLines(plan, { allowTempSort });
    if (mustRead.sqlite && !plan.some((line) => mustRead.sqlite?.test(line)))
      bad.push(`does not read ${mustRead.sqlite.source}`);
    if (bad.length > 0) failed.push(`${name}: ${bad.join('; ')}`);
  }
  return { checked: checks.length, failed };
}

interface Line {
  name: string;
  n: number;
  p50_ms: number;
  p95_ms: number;
  sql_p50_ms: number | null;
  sql_p95_ms: number | null;
  [extra: string]: unknown;
}

/** Where a size is measured: SQLite, PostgreSQL (its address), or both in turn on the same rows. */
interface Targets {
  sqlite: boolean;
  postgresUrl: string | null;
  /** The server's bundle, built once for the run. */
  serverMain: string;
}

/**
 * Builds a database of n matters on each target (each builds its own from the same caseload) and
 * measures each in turn, printing each line; returns the timed lines of each database.
 */
async function benchAt(n: number, targets: Targets): Promise<Map<DialectName, Line[]>> {
  const profiling = process.argv.includes('--profile');
  const dir = mkdtempSync(join(tmpdir(), 'relief-desk-bench-'));
  const measured = new Map<DialectName, Line[]>();
  let postgres: BenchPostgres | null = null;
  let sqlite: SqliteDatabase | null = null;
  try {
    const today = californiaDate(new Date());
    const buildTarget = (60 * n) / 1_000_000;
    const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
    const printBuild = async (name: string, built: BuiltDatabase, extra: Record<string, unknown> = {}) =>
      console.log(
        JSON.stringify({
          name,
          n,
          seconds: tenths(built.seconds),
          cpu_seconds: tenths(built.cpuSeconds),
          ...extra,
          load_average: await loadAverage(),
          target_seconds: buildTarget,
          phases: built.phases.map(
            (p) =>
              `${p.name} ${tenths(p.seconds)} s (CPU ${tenths(p.cpuSeconds)} s, main thread ${tenths(p.mainThreadCpuSeconds)} s${p.postgresCpuSeconds === undefined ? '' : `, PostgreSQL ${tenths(p.postgresCpuSeconds)} s`})`,
          ),
        }),
      );
    const builtSqlite = targets.sqlite
      ? await buildBenchDatabase(join(dir, 'relief-desk.sqlite'), n, today)
      : null;
    if (builtSqlite) await printBuild('build database', builtSqlite);
    let builtPostgres: BuiltDatabase | null = null;
    if (targets.postgresUrl) {
      const built = await buildBenchPostgres(targets.postgresUrl, n, today);
      postgres = built.postgres;
      builtPostgres = built.built;
      // Its own processes' CPU beside the benchmark's (the build's work is shared between them).
      await printBuild('build PostgreSQL database', built.built, {
        postgres_cpu_seconds: tenths(built.built.postgresCpuSeconds),
      });
    }
    if (process.argv.includes('--build-only')) return measured;
    const on = { n, dir, today, buildTarget, profiling, serverMain: targets.serverMain };
    if (builtSqlite) {
      sqlite = openSqlite(join(dir, 'relief-desk.sqlite'), { readonly: true });
      // The server's page cache, so the raw SQL beside each request runs as the server runs it.
      sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
      measured.set('sqlite', await measureOn({ ...on, built: builtSqlite, sqlite, postgres: null }));
    }
    if (postgres && builtPostgres)
      measured.set('postgres', await measureOn({ ...on, built: builtPostgres, sqlite: null, postgres }));
    return measured;
  } finally {
    sqlite?.close();
    if (process.argv.includes('--keep')) {
      // Kept to examine by hand (plans, statistics): said where, and left for the caller to remove.
      console.log(
        JSON.stringify({
          name: 'kept',
          sqlite: targets.sqlite ? join(dir, 'relief-desk.sqlite') : undefined,
          postgres: postgres?.url,
        }),
      );
      await postgres?.close();
    } else {
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const loadAverage = async () => Math.round(((await import('node:os')).loadavg()[0] ?? 0) * 100) / 100;

/** Starts the server on one database of the built rows, measures it, prints each line and returns the timed ones. */
async function measureOn(on: {
  n: number;
  dir: string;
  /** Its database's build (each database builds its own). */
  built: BuiltDatabase;
  today: string;
  buildTarget: number;
  /** The database measured: SQLite's (open) or PostgreSQL's. */
  sqlite: SqliteDatabase | null;
  postgres: BenchPostgres | null;
  profiling: boolean;
  serverMain: string;
}): Promise<Line[]> {
  const { n, dir, built, today, buildTarget, sqlite, postgres, profiling, serverMain } = on;
  const dialect: DialectName = postgres ? 'postgres' : 'sqlite';
  const lines: Line[] = [];
  const emit = (line: Line) => {
    lines.push(line);
    console.log(JSON.stringify({ ...line, database: dialect }));
  };
  /** Times the same work over HTTP and as raw SQL, prints the line, and returns the HTTP figures. */
  const measure = async (
    name: string,
    overHttp: () => Promise<unknown>,
    asSql: () => unknown,
    extra: Record<string, unknown> = {},
    iterations = ITERATIONS,
  ) => {
    const cpuBefore = server ? cpuMsOf(server.pid) : Number.NaN;
    const http = await time(overHttp, iterations);
    const cpuPerRequest = ((server ? cpuMsOf(server.pid) : Number.NaN) - cpuBefore) / (iterations + WARM_UP);
    const sql = await time(asSql, iterations);
    emit({
      name,
      n,
      p50_ms: round(http.p50),
      p95_ms: round(http.p95),
      sql_p50_ms: round(sql.p50),
      sql_p95_ms: round(sql.p95),
      server_cpu_ms: Number.isNaN(cpuPerRequest) ? null : round(cpuPerRequest),
      ...extra,
    });
    return http;
  };
  let server: ChildProcess | null = null;
  try {
    const port = await freePort();
    const profileDir = profiling ? join(dir, 'profile') : null;
    server = await startServer(serverMain, dir, port, postgres?.url ?? '', profileDir);
    const base = `http://127.0.0.1:${port}`;
    const run: RawRunner | null = postgres ? postgresRunner(postgres) : sqlite && sqliteRunner(sqlite);
    if (!run) throw new Error('Nothing to measure: neither database was built.');
    const raw = (compiled: CompiledQuery) => run(compiled.sql, compiled.parameters);
    const one = async <T>(query: string, ...parameters: unknown[]) =>
      (await run(query, parameters))[0] as T | undefined;
    const staff = (await one<{ id: string; email: string }>(
      `select u.id, u.email from users u where u.email like 'staff%' order by u.email limit 1`,
    )) as { id: string; email: string };
    const staffClient = await signedIn(base, staff.email);
    const supervisorClient = await signedIn(base, BENCH_SUPERVISOR);
    // Compiled through the office scope, as the server compiles them (it adds the office to every
    // table a statement reads): the plans checked and the statements timed are the ones it runs.
    const scope: ViewScope = {
      db: officeScoped(compilerFor(dialect), dialect, built.officeId),
      dialect,
      officeId: built.officeId,
      userId: staff.id,
      today,
      limits: { clientUpdateDays: 14, clientUpdateOverdueDays: 42 },
    };

    /**
     * A view's count as the server answers it: from the kept counts, or the view's range counted up to
     * the bound the server reports (past it, "more than").
     */
    const measureCount = async (
      name: string,
      view: MatterView,
      client: BenchClient,
      countScope: ViewScope,
    ) => {
      const answer = await client.queues.viewCount.query(view);
      const kept = keptViewCountQuery(countScope, view);
      const compiled = (kept ?? viewCountQuery(countScope, view, null, { bound: answer.bound })).compile();
      await measure(
        `view count: ${name}`,
        () => client.queues.viewCount.query(view),
        () => raw(compiled),
        { from_kept_counts: kept !== null, count: answer.exact ? answer.total : `more than ${answer.bound}` },
        COUNT_ITERATIONS,
      );
    };

    const sample = (await one(
      `select c.legal_name, c.date_of_birth, cv.case_number from matters m join clients c on c.id = m.client_id
         join convictions cv on cv.matter_id = m.id where m.office_id = ? order by m.id limit 1 offset ?`,
      built.officeId,
      Math.floor(n / 2),
    )) as { legal_name: string; date_of_birth: string; case_number: string };
    const words = sample.legal_name.split(' ');
    const searches: [string, string][] = [
      ['search: name, surname first', `${words.at(-1)} ${words[0]}`],
      ['search: surname prefix', (words.at(-1) ?? '').slice(0, 4)],
      ['search: court case number', sample.case_number],
      ['search: case number prefix', sample.case_number.slice(0, 6)],
      ['search: date of birth', sample.date_of_birth],
    ];

    const plans = await checkPlans(
      run,
      scope,
      searches.map(([, search]) => search),
    );
    console.log(JSON.stringify({ name: 'query plans', n, checked: plans.checked, failed: plans.failed }));

    // The server's cold cost, reported on its own line rather than absorbed by the first queue
    // measured: after start a request takes more CPU until V8 has optimised the code the requests
    // run (about a thousand requests), so first pages of every queue and the searches go first.
    const warmUps = [
      ...QUEUE_IDS.map((queue) => ({ queue, limit: 50 })),
      ...searches.map(([, search]) => ({ queue: 'all' as const, search, limit: 50 })),
    ];
    const warmUpSamples: number[] = [];
    const warmUpCpuBefore = server ? cpuMsOf(server.pid) : Number.NaN;
    for (let i = 0; i < WARM_UP_REQUESTS; i++) {
      const started = performance.now();
      await staffClient.matters.list.query(warmUps[i % warmUps.length] ?? { queue: 'all', limit: 50 });
      warmUpSamples.push(performance.now() - started);
    }
    const warmUpCpu = ((server ? cpuMsOf(server.pid) : Number.NaN) - warmUpCpuBefore) / WARM_UP_REQUESTS;
    const sortedOf = (samples: number[]) => [...samples].sort((a, b) => a - b);
    const first100 = sortedOf(warmUpSamples.slice(0, 100));
    const last100 = sortedOf(warmUpSamples.slice(-100));
    console.log(
      JSON.stringify({
        name: 'warm-up: first pages of every queue and searches, in turn',
        n,
        requests: WARM_UP_REQUESTS,
        first_request_ms: round(warmUpSamples[0] ?? Number.NaN),
        first_100_p50_ms: round(percentile(first100, 50)),
        first_100_p95_ms: round(percentile(first100, 95)),
        last_100_p50_ms: round(percentile(last100, 50)),
        last_100_p95_ms: round(percentile(last100, 95)),
        server_cpu_ms: Number.isNaN(warmUpCpu) ? null : round(warmUpCpu),
        database: dialect,
      }),
    );

    const firstPages = new Map<QueueId, number>();
    for (const queue of QUEUE_IDS) {
      const view = matterViewSchema.parse({ queue });
      const compiled = viewQuery(scope, view, null, 51).query.compile();
      const http = await measure(
        `queue ${queue}: first page`,
        () => staffClient.matters.list.query({ queue, limit: 50 }),
        () => raw(compiled),
      );
      firstPages.set(queue, http.p95);
    }
    if (!postgres)
      console.log(JSON.stringify({ ...firstPagesInTurn(join(dir, 'relief-desk.sqlite'), scope), n }));
    if (profileDir && server) {
      // Profiling measures the first pages only, so the profile is of those requests and little else.
      const stopped = server;
      stopped.kill('SIGTERM');
      await new Promise((r) => stopped.once('exit', r));
      console.log(
        JSON.stringify({
          name: 'server CPU profile, warm-up and first pages',
          n,
          // The requests after the first: the rest of the warm-up, and each queue's warm-up and samples.
          ...summariseProfile(profileDir, undefined, {
            requests: WARM_UP_REQUESTS - 1 + QUEUE_IDS.length * (ITERATIONS + WARM_UP),
          }),
        }),
      );
      return lines;
    }

    // Filtered first pages (the rows; their count is asked for after them, measured below).
    const filteredPages: { name: string; p95: number }[] = [];
    for (const [name, filters] of FILTERED_VIEWS) {
      const view = matterViewSchema.parse(filters);
      const compiled = viewQuery(scope, view, null, 51).query.compile();
      const http = await measure(
        `filtered first page: ${name}`,
        () => staffClient.matters.list.query({ ...filters, limit: 50 }),
        () => raw(compiled),
      );
      filteredPages.push({ name, p95: http.p95 });
      await measureCount(name, view, staffClient, scope);
    }

    const counts = await staffClient.queues.counts.query();
    const deep: { queue: QueueId; pages: number; p95: number }[] = [];
    for (const queue of QUEUE_IDS) {
      const pages = Math.min(1000, Math.floor((counts[queue] - 1) / 50));
      if (pages < 1000 && queue !== 'all') continue;
      const view = matterViewSchema.parse({ queue });
      const whole = viewQuery(scope, view, null, null);
      const offset = pages * 50 - 1;
      const compiledWhole = whole.query.compile();
      const row = await one<Row>(
        `${compiledWhole.sql} limit 1 offset ${offset}`,
        ...compiledWhole.parameters,
      );
      if (!row) continue;
      const after = [row.s0 ?? null, row.s1 ?? null, row.s2 ?? null].slice(0, whole.sortWidth);
      const cursor = Buffer.from(JSON.stringify(after)).toString('base64url');
      const compiled = viewQuery(scope, view, after, 51).query.compile();
      const http = await measure(
        `queue ${queue}: page ${pages + 1}`,
        () => staffClient.matters.list.query({ queue, limit: 50, cursor }),
        () => raw(compiled),
        { pages_deep: pages },
      );
      deep.push({ queue, pages, p95: http.p95 });
    }

    const searchP95: { name: string; p95: number }[] = [];
    for (const [name, search] of searches) {
      const view = matterViewSchema.parse({ queue: 'all', search });
      const compiled = viewQuery(scope, view, null, 51).query.compile();
      const ask = () => staffClient.matters.list.query({ queue: 'all', search, limit: 50 });
      // How many matters the first page lists: a birth date's grows with the office until it fills a page.
      const listed = (await ask()).items.length;
      const http = await measure(name, ask, () => raw(compiled), { query: search, listed });
      searchP95.push({ name, p95: http.p95 });
    }
    // The birth date asked for a page of ten as well: ten matters listed at both sizes, so this line
    // tells whether the search itself grows with the office (its page of 50 lists more as it grows).
    {
      const search = sample.date_of_birth;
      const compiled = viewQuery(
        scope,
        matterViewSchema.parse({ queue: 'all', search }),
        null,
        11,
      ).query.compile();
      const ask = () => staffClient.matters.list.query({ queue: 'all', search, limit: 10 });
      const listed = (await ask()).items.length;
      const name = 'search: date of birth, a page of ten';
      const http = await measure(name, ask, () => raw(compiled), { query: search, listed });
      searchP95.push({ name, p95: http.p95 });
    }

    // Dashboard drill-downs (no target but flatness): the first page of a week's decisions and of the
    // court's grants, each read from its activity's index, most recent first.
    const weekStart = addDays(today, -20);
    const drillDowns: [string, Record<string, unknown>][] = [
      [
        'drill-down: eligibility decided in one week',
        { activity: { kind: 'eligibility_decided', from: weekStart, to: addDays(weekStart, 6) } },
      ],
      [
        'drill-down: relief granted in 12 weeks',
        { activity: { kind: 'court_granted', from: addDays(today, -83), to: today } },
      ],
    ];
    for (const [name, limits] of drillDowns) {
      const view = matterViewSchema.parse({ queue: 'all', ...limits });
      const supervisorScope = { ...scope, userId: built.supervisorId };
      const compiled = viewQuery(supervisorScope, view, null, 51).query.compile();
      await measure(
        name,
        () => supervisorClient.matters.list.query({ ...view, limit: 50 }),
        () => raw(compiled),
      );
      await measureCount(name.replace('drill-down: ', ''), view, supervisorClient, supervisorScope);
    }

    // As the server counts: all ten from the kept counts, in one statement.
    const countsCompiled = keptCountsQuery(scope).compile();
    const countsHttp = await measure(
      'queue counts (all ten)',
      () => staffClient.queues.counts.query(),
      () => raw(countsCompiled),
      { load_average: await loadAverage() },
      Math.ceil(ITERATIONS / 2),
    );

    const dashboardCompiled = Object.values(dashboardQueries(scope)).map((q) => q.compile());
    const dashboardHttp = await measure(
      'dashboard data',
      () => supervisorClient.dashboard.get.query(),
      async () => {
        for (const compiled of dashboardCompiled) await raw(compiled);
      },
      { load_average: await loadAverage() },
      Math.ceil(ITERATIONS / 2),
    );

    // Which of the dashboard's queries its time goes to, as raw SQL.
    for (const [name, query] of Object.entries(dashboardQueries(scope))) {
      const compiled = query.compile();
      const sql = await time(() => raw(compiled), Math.ceil(ITERATIONS / 2));
      const line = {
        name: `dashboard query: ${name}`,
        n,
        sql_p50_ms: round(sql.p50),
        sql_p95_ms: round(sql.p95),
      };
      lines.push({ ...line, p50_ms: line.sql_p50_ms, p95_ms: line.sql_p95_ms });
      console.log(JSON.stringify({ ...line, database: dialect }));
    }

    const memory = memoryOf(server.pid);
    console.log(
      JSON.stringify({ name: 'server memory', n, rss_mb: memory.rssMb, peak_rss_mb: memory.peakMb }),
    );

    const checks: { target: string; value: number; limit: number; pass: boolean }[] = [];
    const check = (target: string, value: number, limit: number) =>
      checks.push({ target, value: round(value), limit: round(limit), pass: value <= limit });
    for (const [queue, p95] of firstPages) check(`queue ${queue} first page p95 ms`, p95, 10);
    for (const f of filteredPages) check(`filtered first page (${f.name}) p95 ms`, f.p95, 10);
    for (const d of deep)
      check(
        `queue ${d.queue} page ${d.pages + 1} p95 ms (1.5x first page)`,
        d.p95,
        1.5 * (firstPages.get(d.queue) ?? 0),
      );
    for (const s of searchP95) check(`${s.name} p95 ms`, s.p95, 10);
    check('dashboard data p95 ms', dashboardHttp.p95, 50);
    check('queue counts (all ten) p95 ms', countsHttp.p95, 20);
    check(
      `build ${n} matters${postgres ? ' on PostgreSQL' : ''} seconds${n === 1_000_000 ? '' : ' (60 s per million, pro rata)'}`,
      built.seconds,
      buildTarget,
    );
    check('server peak RSS MB', memory.peakMb, 300);
    check('query plans with a table scan or temporary sort', plans.failed.length, 0);
    const missed = checks.filter((c) => !c.pass);
    console.log(
      JSON.stringify({
        summary: missed.length === 0 ? 'pass' : 'fail',
        database: dialect,
        n,
        passed: checks.length - missed.length,
        missed: missed.map((c) => `${c.target}: ${c.value} > ${c.limit}`),
      }),
    );
    // A slow figure is a report; a plan that scans is a broken query, and fails the run.
    if (plans.failed.length > 0) process.exitCode = 1;
    return lines;
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server?.once('exit', r));
    }
  }
}

/** The time a measurement may take at the larger size, as a multiple of its time at the smaller. */
const FLAT_RATIO = 1.3;

function parseCompare(argv: string[]): number | null {
  const i = argv.indexOf('--compare');
  if (i === -1) return null;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1000) throw new Error('--compare takes a whole number of at least 1000.');
  return n;
}

/**
 * `--compare M`: measures at M matters, then at --matters N, and prints each measurement at both sizes
 * with the ratio of its median and of its p95 (and of the server's CPU per request and the raw SQL's
 * median, beside it). A measurement is flat when its median at N is at most
 * 1.3x its median at M (p95s of a few milliseconds move with whatever else the machine is doing, so
 * the verdict reads the median; the p95 ratio is printed beside it). A search that lists more than
 * 1.3x as many matters at N as at M is printed apart, not judged.
 */
function compareSizes(small: Line[], large: Line[], database: DialectName): void {
  const smallByName = new Map(small.map((line) => [line.name, line]));
  const notFlat: string[] = [];
  const answersGrow: string[] = [];
  let compared = 0;
  for (const line of large) {
    const before = smallByName.get(line.name);
    if (!before) continue;
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);
    const ratioP50 = ratio(line.p50_ms, before.p50_ms);
    const ratioP95 = ratio(line.p95_ms, before.p95_ms);
    // A search whose answer grows with the office does more work at N for that reason alone: its
    // ratio is printed, not judged (the same search asked for an answer of one size is).
    const answerGrows =
      typeof line.listed === 'number' &&
      typeof before.listed === 'number' &&
      line.listed > before.listed * FLAT_RATIO;
    const flat = answerGrows ? null : ratioP50 === null || ratioP50 <= FLAT_RATIO;
    // The same ratio of the server's CPU per request and of the raw SQL's median, which the machine's
    // other work moves much less: a wall-clock ratio without either growing is the machine's.
    const ratioCpu =
      line.server_cpu_ms != null && before.server_cpu_ms != null
        ? ratio(Number(line.server_cpu_ms), Number(before.server_cpu_ms))
        : null;
    const ratioSql =
      line.sql_p50_ms != null && before.sql_p50_ms != null ? ratio(line.sql_p50_ms, before.sql_p50_ms) : null;
    const figures = `${line.name}: ${before.p50_ms} -> ${line.p50_ms} ms (${ratioP50}x; server CPU ${ratioCpu ?? '-'}x, SQL ${ratioSql ?? '-'}x)`;
    if (answerGrows) answersGrow.push(`${figures}, listing ${before.listed} -> ${line.listed} matters`);
    else {
      compared++;
      if (!flat) notFlat.push(figures);
    }
    console.log(
      JSON.stringify({
        compare: line.name,
        database,
        [`p50_ms_at_${before.n}`]: before.p50_ms,
        [`p50_ms_at_${line.n}`]: line.p50_ms,
        ratio_p50: ratioP50,
        [`p95_ms_at_${before.n}`]: before.p95_ms,
        [`p95_ms_at_${line.n}`]: line.p95_ms,
        ratio_p95: ratioP95,
        ...(line.server_cpu_ms != null
          ? {
              [`server_cpu_ms_at_${before.n}`]: before.server_cpu_ms,
              [`server_cpu_ms_at_${line.n}`]: line.server_cpu_ms,
              ratio_server_cpu: ratioCpu,
            }
          : {}),
        ratio_sql_p50: ratioSql,
        ...(line.listed !== undefined
          ? { [`listed_at_${before.n}`]: before.listed, [`listed_at_${line.n}`]: line.listed }
          : {}),
        target_ratio: FLAT_RATIO,
        flat,
      }),
    );
  }
  console.log(
    JSON.stringify({
      summary: notFlat.length === 0 ? 'flat' : 'not flat',
      database,
      sizes: [small[0]?.n, large[0]?.n],
      target_ratio: FLAT_RATIO,
      compared,
      not_flat: notFlat,
      not_judged_answer_grows: answersGrow,
    }),
  );
}

/**
 * With both databases measured, each measurement's figures on SQLite and on PostgreSQL on one line
 * (the same rows, the same requests, one after the other).
 */
function printSideBySide(measured: Map<DialectName, Line[]>): void {
  const sqliteLines = measured.get('sqlite');
  const postgresLines = new Map((measured.get('postgres') ?? []).map((line) => [line.name, line]));
  if (!sqliteLines || postgresLines.size === 0) return;
  for (const line of sqliteLines) {
    const other = postgresLines.get(line.name);
    if (!other) continue;
    console.log(
      JSON.stringify({
        side_by_side: line.name,
        n: line.n,
        sqlite_p50_ms: line.p50_ms,
        postgres_p50_ms: other.p50_ms,
        sqlite_p95_ms: line.p95_ms,
        postgres_p95_ms: other.p95_ms,
        sqlite_sql_p50_ms: line.sql_p50_ms,
        postgres_sql_p50_ms: other.sql_p50_ms,
        ...(line.server_cpu_ms != null
          ? { sqlite_server_cpu_ms: line.server_cpu_ms, postgres_server_cpu_ms: other.server_cpu_ms }
          : {}),
      }),
    );
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const n = parseMatters(argv);
  const compare = parseCompare(argv);
  const postgresUrl = parsePostgres(argv);
  // Given a PostgreSQL address, both databases are measured in turn, unless --postgres-only (CI,
  // which measures SQLite at its own size first).
  const { main: serverMain, outdir } = await buildServerInNewFolder();
  try {
    const targets: Targets = {
      postgresUrl,
      sqlite: !(postgresUrl && argv.includes('--postgres-only')),
      serverMain,
    };
    if (compare === null) {
      printSideBySide(await benchAt(n, targets));
      return;
    }
    const small = await benchAt(compare, targets);
    const large = await benchAt(n, targets);
    for (const [dialect, lines] of large) compareSizes(small.get(dialect) ?? [], lines, dialect);
    printSideBySide(large);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
