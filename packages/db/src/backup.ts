// A consistent copy of a live SQLite database, through SQLite's online backup API: the pages are
// copied in one step under one read transaction, so the copy is the database as of one moment, even
// while the server keeps writing (WAL mode lets it). Never a plain file copy, which can catch a
// database file and its write-ahead log at different moments.
import SQLite from 'better-sqlite3';

/** Copies the database at sourcePath to targetPath (a new file), as one self-contained file. */
export async function backupSqliteFile(sourcePath: string, targetPath: string): Promise<void> {
  const source = new SQLite(sourcePath, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // All remaining pages in one step: a step is one read transaction, so the copy is one snapshot
    // (smaller steps would restart the copy each time the server commits in between).
    await source.backup(targetPath, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new SQLite(targetPath, { fileMustExist: true });
  try {
    // The copy stands alone: no write-ahead log beside it.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new Error(`The copy of the database failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
}

/** Whether a SQLite file holds any table (an empty or missing file holds none). */
export function sqliteHasTables(path: string): boolean {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const row = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
      n: number;
    };
    return row.n > 0;
  } finally {
    sqlite.close();
  }
}

/** A read-only handle on a SQLite file, for checking what a copy or a crashed server left. */
export function readSqlite<T>(path: string, read: (sqlite: SQLite.Database) => T): T {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/**
 * Why a SQLite file cannot serve as the database (not a SQLite file, damaged, or holding no table),
 * or null when it passes integrity_check. Opened read-only: nothing is written beside it.
 */
export function sqliteFileProblem(path: string): string | null {
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
    const said = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map(
      (row) => row.integrity_check,
    );
    if (said.length !== 1 || said[0] !== 'ok')
      return `it fails SQLite's integrity check: ${said.slice(0, 3).join('; ')}${said.length > 3 ? ` and ${said.length - 3} more problems` : ''}`;
    const tables = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
      n: number;
    };
    return tables.n > 0 ? null : 'it holds no tables';
  } catch (error) {
    // Random bytes (NOTADB) or a file cut short (CORRUPT): said, not thrown. Anything else (cannot open
    // it at all) is for the caller to say.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code))
      return `SQLite cannot read it: ${(error as Error).message}`;
    throw error;
  } finally {
    sqlite?.close();
  }
}
