// Statements compiled once (compiled-once.ts) on real databases: an office statement is built once per
// dialect and answers each office with its own rows only, whichever office it ran for first, on a
// plain handle, on a handle held to an office (which runs its own office only) and in a transaction; a
// row naming another office is refused as the office scope refuses it (the first time and every time
// after); a missing slot value is refused.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertOfficeRow,
  OFFICE_SLOT,
  officeHeldTo,
  officeStatement,
  slot,
  typedSlot,
} from './compiled-once.ts';
import { OfficeScopeError, officeScoped } from './office-scope.ts';
import {
  createTestDatabase,
  seedTwoOffices,
  type TestDatabase,
  TWO_OFFICES,
  testDialects,
} from './testing.ts';
import { inTransaction } from './transaction.ts';

const NOW = '2026-01-05T17:00:00.000Z';
const OFFICES = TWO_OFFICES;

describe.each(testDialects())('office statements (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedTwoOffices(database.db, NOW);
  });
  afterAll(async () => database.destroy());

  // The people named, whatever office they are in: the statement leaves the office out itself.
  let builds = 0;
  const peopleNamed = officeStatement((db) => {
    builds++;
    return db
      .selectFrom('users')
      .select(['id', 'name'])
      .where(sql<boolean>`users.id in (${slot('first')}, ${slot('second')})`)
      .orderBy('id');
  });
  const everyone = { first: 'office-a-user-1', second: 'office-b-user-1' };
  const personOne = (office: string) => [{ id: `${office}-user-1`, name: `Person 1 of ${office}` }];

  const counter = (officeId: string, name: string) => ({ office_id: officeId, name, value: 1 });
  const counters = () =>
    database.db.selectFrom('counters').select(['office_id', 'name', 'value']).orderBy('name').execute();

  it('knows the office a handle is held to', async () => {
    expect(officeHeldTo(officeScoped(database.db, dialect, 'office-a'))).toBe('office-a');
    expect(officeHeldTo(database.db)).toBeNull();
    await database.db.transaction().execute(async (tx) => {
      expect(officeHeldTo(officeScoped(tx, dialect, 'office-b'))).toBe('office-b');
      expect(officeHeldTo(tx)).toBeNull();
    });
  });

  it('answers each office with its own rows only, whichever office ran it first, built once', async () => {
    for (const office of [...OFFICES, 'office-a']) {
      expect(await peopleNamed(database.db, dialect, { officeId: office, ...everyone })).toEqual(
        personOne(office),
      );
      const own = officeScoped(database.db, dialect, office);
      expect(await peopleNamed(own, dialect, { officeId: office, ...everyone })).toEqual(personOne(office));
    }
    expect(builds).toBe(1);
  });

  it('runs on a handle held to an office for that office only, in a transaction too', async () => {
    const onOfficeA = officeScoped(database.db, dialect, 'office-a');
    await expect(peopleNamed(onOfficeA, dialect, { officeId: 'office-b', ...everyone })).rejects.toThrow(
      OfficeScopeError,
    );
    await inTransaction(onOfficeA, async ({ tx }) => {
      expect(await peopleNamed(tx, dialect, { officeId: 'office-a', ...everyone })).toEqual(
        personOne('office-a'),
      );
      await expect(peopleNamed(tx, dialect, { officeId: 'office-b', ...everyone })).rejects.toThrow(
        OfficeScopeError,
      );
    });
  });

  it('refuses to run without a value for each slot', async () => {
    await expect(
      peopleNamed(database.db, dialect, { officeId: 'office-a', first: 'office-a-user-1' }),
    ).rejects.toThrow(/slot "second"/);
    const onOfficeA = officeScoped(database.db, dialect, 'office-a');
    await expect(peopleNamed(onOfficeA, dialect, { ...everyone } as never)).rejects.toThrow(OfficeScopeError);
    await expect(peopleNamed(database.db, dialect, { ...everyone } as never)).rejects.toThrow(
      /slot "officeId"/,
    );
  });

  it('writes each office’s rows through its own handle, and refuses a row naming another office', async () => {
    for (const office of [...OFFICES, 'office-a']) {
      const handle = officeScoped(database.db, dialect, office);
      await insertOfficeRow(handle, 'counters', counter(office, `${office} ${Math.random()}`));
      // Compiled already: the other office's row is still refused, every time.
      for (const other of OFFICES.filter((o) => o !== office))
        for (let i = 0; i < 2; i++)
          await expect(insertOfficeRow(handle, 'counters', counter(other, 'not ours'))).rejects.toThrow(
            OfficeScopeError,
          );
    }
    // In a transaction held to an office, the same.
    await inTransaction(officeScoped(database.db, dialect, 'office-b'), async ({ tx }) => {
      await insertOfficeRow(tx, 'counters', counter('office-b', `office-b ${Math.random()}`));
      await expect(insertOfficeRow(tx, 'counters', counter('office-a', 'not ours'))).rejects.toThrow(
        OfficeScopeError,
      );
    });
    const rows = await counters();
    expect(rows.filter((r) => r.office_id === 'office-a')).toHaveLength(2);
    expect(rows.filter((r) => r.office_id === 'office-b')).toHaveLength(2);
    expect(rows.some((r) => r.name === 'not ours')).toBe(false);
  });

  it('refuses, every time, an insert built to name an office of its own', async () => {
    const intoOfficeA = officeStatement((db) =>
      db.insertInto('counters').values({ office_id: 'office-a', name: slot('name'), value: 1 }),
    );
    for (let i = 0; i < 2; i++)
      await expect(
        intoOfficeA(database.db, dialect, { officeId: 'office-a', name: 'named' }),
      ).rejects.toThrow(OfficeScopeError);
    expect((await counters()).some((r) => r.name === 'named')).toBe(false);
  });

  it('on a handle held to no office, writes the office the row names', async () => {
    await database.db.transaction().execute(async (tx) => {
      for (const office of OFFICES) await insertOfficeRow(tx, 'counters', counter(office, `plain ${office}`));
    });
    const rows = await counters();
    for (const office of OFFICES)
      expect(rows).toContainEqual({ office_id: office, name: `plain ${office}`, value: 1 });
  });

  it('reads and changes the handle’s office’s rows only, whichever office ran it first', async () => {
    const named = officeStatement((db) =>
      db
        .selectFrom('counters')
        .select(['office_id', 'name'])
        .where('name', 'in', [slot('a'), slot('b')]),
    );
    const plain = { a: 'plain office-a', b: 'plain office-b' };
    for (const office of [...OFFICES, 'office-a'])
      expect(
        await named(officeScoped(database.db, dialect, office), dialect, { officeId: office, ...plain }),
      ).toEqual([{ office_id: office, name: `plain ${office}` }]);

    const setValue = officeStatement((db) =>
      db
        .updateTable('counters')
        .set({ value: typedSlot<number>('value') })
        .where('name', 'in', [slot('a'), slot('b')]),
    );
    await inTransaction(officeScoped(database.db, dialect, 'office-b'), async ({ tx }) => {
      await setValue(tx, dialect, { officeId: 'office-b', value: 7, ...plain });
    });
    const rows = await counters();
    expect(rows).toContainEqual({ office_id: 'office-a', name: 'plain office-a', value: 1 });
    expect(rows).toContainEqual({ office_id: 'office-b', name: 'plain office-b', value: 7 });
  });

  it('fills the office slot where the statement names its office', async () => {
    const nextValue = officeStatement((db) =>
      db
        .insertInto('counters')
        .values({ office_id: slot(OFFICE_SLOT), name: slot('name'), value: 1 })
        .onConflict((oc) =>
          oc.columns(['office_id', 'name']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
        )
        .returning('value'),
    );
    await inTransaction(officeScoped(database.db, dialect, 'office-a'), async ({ tx }) => {
      expect(await nextValue(tx, dialect, { officeId: 'office-a', name: 'next' })).toEqual([{ value: 1 }]);
      expect(await nextValue(tx, dialect, { officeId: 'office-a', name: 'next' })).toEqual([{ value: 2 }]);
      await expect(nextValue(tx, dialect, { officeId: 'office-b', name: 'next' })).rejects.toThrow(
        OfficeScopeError,
      );
    });
    expect(await nextValue(database.db, dialect, { officeId: 'office-b', name: 'next' })).toEqual([
      { value: 1 },
    ]);
  });
});
