// Statements compiled once (compiled-once.ts) on real databases: an office statement answers each
// office with its own rows only, whichever office it was first compiled for, on a plain handle, on a
// handle already held to an office, and inside a transaction.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeStatement, slot } from './compiled-once.ts';
import { officeScoped } from './office-scope.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './testing.ts';
import { inTransaction } from './transaction.ts';

const NOW = '2026-01-05T17:00:00.000Z';
const OFFICES = ['office-a', 'office-b'] as const;

describe.each(testDialects())('office statements (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    for (const office of OFFICES) {
      await database.db
        .insertInto('offices')
        .values({ id: office, name: office, created_at: NOW, updated_at: NOW })
        .execute();
      for (const n of [1, 2])
        await database.db
          .insertInto('users')
          .values({
            id: `${office}-user-${n}`,
            office_id: office,
            email: `${n}@${office}.example`,
            name: `Person ${n} of ${office}`,
            role: 'intake',
            password_hash: 'not-a-hash',
            created_at: NOW,
            updated_at: NOW,
          })
          .execute();
    }
  });
  afterAll(async () => database.destroy());

  // The people named, whatever office they are in: the statement leaves the office out itself.
  const peopleNamed = officeStatement((db) =>
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where(sql<boolean>`users.id in (${slot('first')}, ${slot('second')})`)
      .orderBy('id'),
  );
  const everyone = { first: 'office-a-user-1', second: 'office-b-user-1' };

  it('answers each office with its own rows only, whichever office ran it first', async () => {
    for (const office of [...OFFICES, 'office-a']) {
      const rows = await peopleNamed(database.db, dialect, { officeId: office, ...everyone });
      expect(rows).toEqual([{ id: `${office}-user-1`, name: `Person 1 of ${office}` }]);
    }
  });

  it('holds to the office given, not the office of the handle it runs on', async () => {
    const onOfficeA = officeScoped(database.db, dialect, 'office-a');
    expect(await peopleNamed(onOfficeA, dialect, { officeId: 'office-b', ...everyone })).toEqual([
      { id: 'office-b-user-1', name: 'Person 1 of office-b' },
    ]);
    await inTransaction(onOfficeA, async ({ tx }) => {
      expect(await peopleNamed(tx, dialect, { officeId: 'office-a', ...everyone })).toEqual([
        { id: 'office-a-user-1', name: 'Person 1 of office-a' },
      ]);
    });
  });

  it('refuses to run without a value for each slot', async () => {
    await expect(
      peopleNamed(database.db, dialect, { officeId: 'office-a', first: 'office-a-user-1' }),
    ).rejects.toThrow(/slot "second"/);
  });
});
