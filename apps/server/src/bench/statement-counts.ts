// Loaded into a benchmarked server before its own code (`node --import`, see intake.ts): counts the
// SQL statements it runs on SQLite, by their first word (select, insert, savepoint, commit, ...), and
// writes the counts so far to the file BENCH_STATEMENT_COUNTS names each time the server is sent
// SIGUSR2. BENCH_SQLITE_MODULE names the better-sqlite3 the server loads (the same file, so the same
// module). A count is one call that runs a prepared statement (run, get, all, iterate).
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Statement {
  readonly source: string;
}
type StatementCall = (this: Statement, ...args: unknown[]) => unknown;

const out = process.env.BENCH_STATEMENT_COUNTS;
const sqliteModule = process.env.BENCH_SQLITE_MODULE;
if (out && sqliteModule) {
  const Database = createRequire(import.meta.url)(sqliteModule) as new (
    path: string,
  ) => { prepare(source: string): Statement; close(): void };
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, StatementCall>;
  probe.close();
  // Per statement text (the server keeps its prepared statements, so each text is one string).
  const counts = new Map<string, number>();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = prototype[method];
    if (!original) continue;
    prototype[method] = function (this: Statement, ...args: unknown[]) {
      counts.set(this.source, (counts.get(this.source) ?? 0) + 1);
      return original.apply(this, args);
    };
  }
  let sent = 0;
  process.on('SIGUSR2', () => {
    const byKind: Record<string, number> = {};
    for (const [source, n] of counts) {
      const kind = /^\s*(\w+)/.exec(source)?.[1]?.toLowerCase() ?? 'other';
      byKind[kind] = (byKind[kind] ?? 0) + n;
    }
    // Written aside and renamed into place: the benchmark polls the file and must never read half of it.
    writeFileSync(`${out}.partial`, JSON.stringify({ sent: ++sent, byKind }));
    renameSync(`${out}.partial`, out);
  });
}
