// A SQLite file moved aside or replaced while it is open: SQLite would go on writing to the file it
// opened, which nobody reads again. Every write from then on is refused, saying why (the server's
// background work writes through the same handle as its requests).
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseFileReplaced, openDatabase } from './connect.ts';

const root = mkdtempSync(join(tmpdir(), 'relief-desk-file-replaced-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a SQLite database whose file is moved or replaced while open', () => {
  it('refuses every write, in a transaction or not, saying why; reads go on', async () => {
    const path = join(root, 'relief-desk.sqlite');
    const database = openDatabase(path);
    try {
      await sql`create table notes (text text not null)`.execute(database.db);
      await sql`insert into notes values ('before')`.execute(database.db);
      expect(database.fileReplaced?.()).toBeNull();

      // As someone empties the data folder: the file with its write-ahead log and its index.
      for (const suffix of ['', '-wal', '-shm'])
        renameSync(`${path}${suffix}`, join(root, `aside.sqlite${suffix}`));
      const moved = `The database file ${path} was moved or removed while the server had it open.`;
      expect(database.fileReplaced?.()).toBe(moved);
      const refusal = `Nothing was written: ${moved} What is written now would go to a file no longer there. Restart the server.`;
      const alone = sql`insert into notes values ('alone')`.execute(database.db);
      await expect(alone).rejects.toThrow(DatabaseFileReplaced);
      await expect(alone).rejects.toThrow(refusal);
      await expect(
        database.db.transaction().execute(async (tx) => {
          await sql`insert into notes values ('in a transaction')`.execute(tx);
        }),
      ).rejects.toThrow(refusal);
      const rows = await sql<{ text: string }>`select text from notes`.execute(database.db);
      expect(rows.rows).toEqual([{ text: 'before' }]);

      copyFileSync(join(root, 'aside.sqlite'), path);
      expect(database.fileReplaced?.()).toBe(
        `The database file ${path} was replaced by another file while the server had it open.`,
      );
      await expect(sql`insert into notes values ('replaced')`.execute(database.db)).rejects.toThrow(
        DatabaseFileReplaced,
      );
    } finally {
      await database.close();
    }
    const aside = openDatabase(join(root, 'aside.sqlite'));
    try {
      const rows = await sql<{ text: string }>`select text from notes`.execute(aside.db);
      expect(rows.rows).toEqual([{ text: 'before' }]);
    } finally {
      await aside.close();
    }
  });
});
