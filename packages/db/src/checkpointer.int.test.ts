// The write-ahead log is checkpointed by a thread, never by the server's connection, and stays bounded
// under a steady stream of commits; everything committed is there after close and reopen, and no
// thread is left behind.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relief-desk-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'test.sqlite');
}

const walBytes = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

/** Thread handles (MessagePort: the worker's channel) this process holds. */
const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

describe('the checkpoint thread', () => {
  it('keeps the log bounded through many commits, loses nothing, and leaves no thread', async () => {
    const path = tempFile();
    const before = ports();
    const threshold = 256 * 1024;
    const hardLimit = 2 * 1024 * 1024;
    const database = openDatabase(path, {
      sqliteCheckpointer: { tickMs: 5, intervalMs: 20, thresholdBytes: threshold, hardLimitBytes: hardLimit },
    });
    expect(ports()).toBe(before + 1);
    const { db } = database;
    // The server's own connection checkpoints only past the hard limit (512 pages of 4 kB).
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(auto.rows[0]?.wal_autocheckpoint).toBe(512);
    await sql`create table t (id integer primary key, body blob not null)`.execute(db);
    let largest = 0;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 600; i++) {
        await db.transaction().execute(async (tx) => {
          for (let j = 0; j < 4; j++)
            await sql`insert into t (id, body) values (${w * 10_000 + i * 4 + j + 1}, randomblob(900))`.execute(
              tx,
            );
        });
        largest = Math.max(largest, walBytes(path));
        // A real server answers between commits; this lets the thread's messages in.
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
    await Promise.all(writers);
    // 9,600 rows of ~1 kB in 2,400 commits: some 12,000 log frames (~50 MB) if the log never started
    // afresh. The server's connection checkpoints past the 2 MB limit (unless the thread's checkpoint
    // runs then, so it may take a few commits), so the bound here is loose.
    expect(largest).toBeLessThan(20 * 1024 * 1024);
    await database.close();
    expect(ports()).toBe(before);
    const count = new SQLite(path, { readonly: true });
    try {
      expect(count.prepare('select count(*) from t').pluck().get()).toBe(9600);
      expect(count.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      count.close();
    }
  }, 60_000);

  it('a database in memory starts no thread, and closing twice is harmless', async () => {
    const before = ports();
    const memory = openDatabase(':memory:');
    expect(ports()).toBe(before);
    await memory.close();
    const path = tempFile();
    const file = openDatabase(path);
    await file.close();
    await file.close();
    expect(ports()).toBe(before);
  });
});
