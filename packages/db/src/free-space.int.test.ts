// A SQLite database written before secure_delete was on still holds text it erased, in its free
// space, where every backup copies it from. Upgraded, it is rewritten once at the next start: the
// text is in neither the file nor its -wal file after, the live rows are all there, and the next
// start rewrites nothing. A database made by this version is never rewritten, nor is PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { wipeFreeSpaceIfAsked } from './free-space.ts';
import { migrateToLatest } from './migrate.ts';
import { createEmptyPostgresDatabase, migrateToBefore, seedTwoOffices } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'relief-desk-free-space-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ERASED = 'Stranger-RAP-sheet-5813-';
const KEPT = 'Kept-secret-2207-';
const AT = '2026-01-05T17:00:00.000Z';

/** How many times the text is in the file and in its -wal file, byte for byte. */
function copiesOf(path: string, text: string): number {
  let count = 0;
  for (const file of [path, `${path}-wal`]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    for (let at = bytes.indexOf(text); at !== -1; at = bytes.indexOf(text, at + 1)) count += 1;
  }
  return count;
}

describe('the one-time rewrite of a database that erased before secure_delete', () => {
  it('leaves none of the text erased then, keeps every live row, and is done once', async () => {
    const path = join(dir, 'older.sqlite');
    const older = openDatabase(path);
    // As the version before wrote it: erased text stayed where it was.
    await sql`pragma secure_delete = OFF`.execute(older.db);
    await migrateToBefore(older.db, '0073_upkeep');
    await seedTwoOffices(older.db, AT);
    for (let n = 0; n < 200; n++)
      await older.db
        .insertInto('server_secrets')
        .values({ name: `erased-${n}`, value: `${ERASED}${n}`.repeat(20), created_at: AT })
        .execute();
    await older.db
      .insertInto('server_secrets')
      .values({ name: 'kept', value: KEPT, created_at: AT })
      .execute();
    await older.db.deleteFrom('server_secrets').where('name', 'like', 'erased-%').execute();
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(older.db);
    await older.close();
    expect(copiesOf(path, ERASED)).toBeGreaterThan(0);

    // This version's start: migrated, then rewritten before anything else uses it.
    const upgraded = openDatabase(path);
    await migrateToLatest(upgraded.db);
    const said: number[] = [];
    const wiped = await wipeFreeSpaceIfAsked(upgraded.db, (bytes) => said.push(bytes));
    expect(wiped).not.toBeNull();
    expect(said).toEqual([wiped?.bytesBefore]);
    expect(wiped?.bytesAfter).toBeLessThan(wiped?.bytesBefore ?? 0);
    expect(copiesOf(path, ERASED)).toBe(0);
    const kept = await upgraded.db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', 'kept')
      .execute();
    expect(kept).toEqual([{ value: KEPT }]);
    expect(await upgraded.db.selectFrom('users').select('id').execute()).toHaveLength(4);
    expect(await wipeFreeSpaceIfAsked(upgraded.db)).toBeNull();
    await upgraded.close();

    // The next start finds nothing asked.
    const again = openDatabase(path);
    await migrateToLatest(again.db);
    expect(await wipeFreeSpaceIfAsked(again.db)).toBeNull();
    expect(copiesOf(path, KEPT)).toBe(1);
    await again.close();
  });

  it('is not asked of a database this version made, whatever it holds since', async () => {
    const path = join(dir, 'new.sqlite');
    const made = openDatabase(path);
    await migrateToLatest(made.db);
    await seedTwoOffices(made.db, AT);
    expect(await wipeFreeSpaceIfAsked(made.db)).toBeNull();
    await made.close();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'is not asked of PostgreSQL, whose backups copy rows, not pages',
    async () => {
      const empty = await createEmptyPostgresDatabase();
      const database = openDatabase(empty.url);
      try {
        await migrateToBefore(database.db, '0073_upkeep');
        await seedTwoOffices(database.db, AT);
        await migrateToLatest(database.db);
        expect(await database.db.selectFrom('upkeep').selectAll().execute()).toEqual([]);
        expect(await wipeFreeSpaceIfAsked(database.db)).toBeNull();
      } finally {
        await database.close();
        await empty.drop();
      }
    },
  );
});
