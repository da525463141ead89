// Statements compiled once per office (compiled-per-office.ts) on real databases: each office's handle
// runs its own office's statement, a row naming another office is refused as the office scope refuses
// it (the first time and every time after), and a handle held to no office still writes any office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slot } from './compiled-once.ts';
import { insertCompiledOnce, officeHeldTo, runCompiledOnce } from './compiled-per-office.ts';
import { OfficeScopeError, officeScoped } from './office-scope.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './testing.ts';

const NOW = '2026-01-05T17:00:00.000Z';
const OFFICES = ['office-a', 'office-b'] as const;

describe.each(testDialects())('statements compiled once per office (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    for (const office of OFFICES)
      await database.db
        .insertInto('offices')
        .values({ id: office, name: office, created_at: NOW, updated_at: NOW })
        .execute();
  });
  afterAll(async () => database.destroy());

  const counter = (officeId: string, name: string) => ({ office_id: officeId, name, value: 1 });
  const counters = () =>
    database.db.selectFrom('counters').select(['office_id', 'name']).orderBy('name').execute();

  it('knows the office a handle is held to', async () => {
    expect(officeHeldTo(officeScoped(database.db, dialect, 'office-a'))).toBe('office-a');
    expect(officeHeldTo(database.db)).toBeNull();
    await database.db.transaction().execute(async (tx) => {
      expect(officeHeldTo(officeScoped(tx, dialect, 'office-b'))).toBe('office-b');
      expect(officeHeldTo(tx)).toBeNull();
    });
  });

  it('writes each office’s rows through its own handle, and refuses a row naming another office', async () => {
    for (const office of [...OFFICES, 'office-a']) {
      const handle = officeScoped(database.db, dialect, office);
      await insertCompiledOnce(handle, 'counters', counter(office, `${office} ${Math.random()}`));
      // Compiled for this office already: the other office's row is still refused, every time.
      for (const other of OFFICES.filter((o) => o !== office))
        for (let i = 0; i < 2; i++)
          await expect(insertCompiledOnce(handle, 'counters', counter(other, 'not ours'))).rejects.toThrow(
            OfficeScopeError,
          );
    }
    const rows = await counters();
    expect(rows.filter((r) => r.office_id === 'office-a')).toHaveLength(2);
    expect(rows.filter((r) => r.office_id === 'office-b')).toHaveLength(1);
    expect(rows.some((r) => r.name === 'not ours')).toBe(false);
  });

  it('on a handle held to no office, writes the office the row names', async () => {
    await database.db.transaction().execute(async (tx) => {
      for (const office of OFFICES)
        await insertCompiledOnce(tx, 'counters', counter(office, `plain ${office}`));
    });
    const rows = await counters();
    for (const office of OFFICES) expect(rows).toContainEqual({ office_id: office, name: `plain ${office}` });
  });

  it('reads through a statement compiled for the handle’s office only, whichever office ran it first', async () => {
    const named = (office: string) =>
      runCompiledOnce(
        officeScoped(database.db, dialect, office),
        'counters named',
        () =>
          officeScoped(database.db, dialect, office)
            .selectFrom('counters')
            .select(['office_id', 'name'])
            .where('name', 'in', [slot('a'), slot('b')]),
        { a: 'plain office-a', b: 'plain office-b' },
      );
    for (const office of [...OFFICES, 'office-a'])
      expect((await named(office)).rows).toEqual([{ office_id: office, name: `plain ${office}` }]);
  });

  it('refuses to run without a value for each slot', async () => {
    await expect(
      runCompiledOnce(
        database.db,
        'counter by name',
        () => database.db.selectFrom('counters').select('name').where('name', '=', slot('name')),
        {},
      ),
    ).rejects.toThrow(/slot "name"/);
  });
});
