// better-sqlite3 as the db package loads it (the server has no direct dependency on it), with the
// few calls the benchmark uses.
import { createRequire } from 'node:module';

export interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
export interface SqliteDatabase {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(pragma: string): unknown;
  transaction<T>(work: () => T): () => T;
  /** Lifts defensive mode, which refuses (among others) `journal_mode = OFF`. */
  unsafeMode(unsafe?: boolean): SqliteDatabase;
  close(): void;
}

export function openSqlite(path: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const require = createRequire(import.meta.resolve('@relief-desk/db'));
  const SQLite = require('better-sqlite3') as new (
    path: string,
    options: { readonly?: boolean },
  ) => SqliteDatabase;
  return new SQLite(path, options);
}
