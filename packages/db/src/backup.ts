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
