import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from './ids.ts';
import { migrateToLatest } from './migrate.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './testing.ts';

describe.each(testDialects())('database on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.destroy());

  it('migrates an empty database, and a second run changes nothing', async () => {
    const again = await migrateToLatest(database.db);
    expect(again.results).toEqual([]);
  });

  it('refuses a row that points at an office that does not exist (foreign keys are on)', async () => {
    await expect(
      database.db
        .insertInto('office_counties')
        .values({ office_id: 'no-such-office', county: 'Alameda' })
        .execute(),
    ).rejects.toThrow();
    const count = await database.db
      .selectFrom('offices')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('round-trips accented names and ñ exactly', async () => {
    const now = new Date().toISOString();
    const id = newId();
    await database.db
      .insertInto('offices')
      .values({ id, name: 'Oficina de Peñasco – Núñez & Zúñiga', created_at: now, updated_at: now })
      .execute();
    const row = await database.db
      .selectFrom('offices')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.name).toBe('Oficina de Peñasco – Núñez & Zúñiga');
  });
});

describe('newId', () => {
  it('sorts ids by the time they were made', () => {
    const early = newId(new Date('2024-01-01T00:00:00Z'));
    const late = newId(new Date('2024-01-01T00:00:00.001Z'));
    expect(early < late).toBe(true);
    expect(early).toHaveLength(26);
  });

  it('keeps increasing when the clock stands still or steps back', () => {
    const instant = new Date('2025-06-01T12:00:00Z');
    const ids = [newId(instant), newId(instant), newId(new Date('2025-06-01T11:59:59Z')), newId(instant)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
  });
});
