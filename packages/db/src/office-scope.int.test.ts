// The office-scoped handle (office-scope.ts), on real databases: every table with an office_id is
// named in the list, and what a signed-in person's queries read, change, delete or insert stays in
// their office, whatever shape the query has.
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acrossOffices,
  dialectOf,
  OFFICE_COLUMN_TABLES,
  OfficeScopeError,
  officeScoped,
} from './office-scope.ts';
import {
  createTestDatabase,
  seedTwoOffices,
  type TestDatabase,
  TWO_OFFICES,
  testDialects,
} from './testing.ts';
import { inTransaction, withTransactionHooks } from './transaction.ts';

const NOW = '2026-01-05T17:00:00.000Z';
const OFFICES = TWO_OFFICES;

describe.each(testDialects())('office scope (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedTwoOffices(database.db, NOW);
  });
  afterAll(async () => database.destroy());

  const scoped = () => officeScoped(database.db, dialect, 'office-a');

  it('reads which database a handle is on, for the entries that hold no request context', async () => {
    expect(dialectOf(database.db)).toBe(dialect);
    await inTransaction(scoped(), async ({ tx }) => expect(dialectOf(tx)).toBe(dialect));
  });

  it('names every table of the schema that has an office_id, and no other', async () => {
    const tables =
      dialect === 'sqlite'
        ? await sql<{ name: string }>`
            select m.name from sqlite_master m
            where m.type = 'table' and exists (select 1 from pragma_table_info(m.name) c where c.name = 'office_id')`.execute(
            database.db,
          )
        : await sql<{ name: string }>`
            select table_name as name from information_schema.columns
            where table_schema = current_schema() and column_name = 'office_id'`.execute(database.db);
    expect(tables.rows.map((r) => r.name).sort()).toEqual(Object.keys(OFFICE_COLUMN_TABLES).sort());
  });

  it('reads only its office’s rows, however the table is reached', async () => {
    const db = scoped();
    const officesOf = (rows: { office_id: string }[]) => [...new Set(rows.map((r) => r.office_id))];
    // Plain, aliased, with its own filter, in a subquery, and as a left-joined table.
    expect(officesOf(await db.selectFrom('users').select('office_id').execute())).toEqual(['office-a']);
    expect(officesOf(await db.selectFrom('users as u').select('u.office_id').execute())).toEqual([
      'office-a',
    ]);
    expect(await db.selectFrom('users').select('id').where('id', '=', 'office-b-user-1').execute()).toEqual(
      [],
    );
    const viaSubquery = await db
      .selectFrom('offices')
      .select((eb) => [
        'offices.id',
        eb
          .selectFrom('users')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('users.office_id', '=', 'offices.id')
          .as('people'),
      ])
      .orderBy('offices.id')
      .execute();
    expect(viaSubquery.map((r) => [r.id, Number(r.people)])).toEqual([
      ['office-a', 2],
      ['office-b', 0],
    ]);
    // A left join stays a left join: the other office's row is there, without its joined people.
    const leftJoined = await db
      .selectFrom('offices')
      .leftJoin('users as u', 'u.office_id', 'offices.id')
      .select(['offices.id as office', 'u.id as person'])
      .orderBy('offices.id')
      .orderBy('u.id')
      .execute();
    expect(leftJoined).toEqual([
      { office: 'office-a', person: 'office-a-user-1' },
      { office: 'office-a', person: 'office-a-user-2' },
      { office: 'office-b', person: null },
    ]);
  });

  it('changes and deletes only its office’s rows, and refuses an insert naming another office', async () => {
    const db = scoped();
    await db
      .updateTable('users')
      .set({ name: 'Renamed' })
      .where('id', 'in', ['office-a-user-1', 'office-b-user-1'])
      .execute();
    const names = await database.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('name', '=', 'Renamed')
      .execute();
    expect(names.map((r) => r.id)).toEqual(['office-a-user-1']);

    await db.deleteFrom('users').where('id', '=', 'office-b-user-2').execute();
    expect(
      await database.db.selectFrom('users').select('id').where('id', '=', 'office-b-user-2').execute(),
    ).toHaveLength(1);

    const person = (office: string) => ({
      id: `${office}-user-3`,
      office_id: office,
      email: `3@${office}.example`,
      name: 'Three',
      role: 'intake' as const,
      password_hash: 'not-a-hash',
      created_at: NOW,
      updated_at: NOW,
    });
    await expect(db.insertInto('users').values(person('office-b')).execute()).rejects.toBeInstanceOf(
      OfficeScopeError,
    );
    // Several rows at once: one of another office refuses them all.
    await expect(
      db
        .insertInto('users')
        .values([person('office-a'), person('office-b')])
        .execute(),
    ).rejects.toBeInstanceOf(OfficeScopeError);
    expect(
      await database.db.selectFrom('users').select('id').where('id', 'like', '%-user-3').execute(),
    ).toEqual([]);
    await db.insertInto('users').values(person('office-a')).execute();
    expect(
      await database.db.selectFrom('users').select('id').where('id', 'like', '%-user-3').execute(),
    ).toEqual([{ id: 'office-a-user-3' }]);
  });

  it('holds inside transactions, keeps the handle’s transaction hooks, and lets a named read cross offices', async () => {
    const ran: string[] = [];
    const hooked = withTransactionHooks(database.db, {
      begin: async () => void ran.push('begin'),
      afterCommit: () => void ran.push('committed'),
    });
    const db = officeScoped(hooked, dialect, 'office-a');
    const seen = await inTransaction(db, async ({ tx }) => {
      const own = await tx.selectFrom('users').select('id').orderBy('id').execute();
      const all = await acrossOffices(tx).selectFrom('users').select('id').execute();
      return { own: own.map((r) => r.id), all: all.length };
    });
    expect(ran).toEqual(['begin', 'committed']);
    expect(seen.own.every((id) => id.startsWith('office-a-'))).toBe(true);
    expect(seen.all).toBeGreaterThan(seen.own.length);
  });

  it.runIf(dialect === 'sqlite')(
    'keeps the plan a query’s own terms give it: ids named are looked up by id',
    async () => {
      // Without statistics SQLite would take an office index for the office's term and read every
      // client of the office to find 25 of them; the term the scope adds is one no index serves.
      const ids = Array.from({ length: 25 }, (_, i) => `client-${i}`);
      const compiled = scoped().selectFrom('clients').select('id').where('id', 'in', ids).compile();
      const plan = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
      );
      const details = plan.rows.map((r) => r.detail).join('\n');
      expect(details).toMatch(
        /SEARCH clients USING (INDEX sqlite_autoindex_clients_1|PRIMARY KEY) \(id=\?\)/,
      );
      expect(details).not.toMatch(/office/);
    },
  );

  it('leaves shared tables whole: which office serves a county is told to everyone', async () => {
    const db = scoped();
    for (const office of OFFICES)
      await database.db
        .insertInto('office_counties')
        .values({ office_id: office, county: office === 'office-a' ? 'Alameda' : 'Fresno' })
        .execute();
    const counties = await db.selectFrom('office_counties').select('county').orderBy('county').execute();
    expect(counties.map((c) => c.county)).toEqual(['Alameda', 'Fresno']);
  });
});
