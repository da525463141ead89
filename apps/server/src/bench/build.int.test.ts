// The benchmark's bulk load writes the rows behind each matter's queue facts and leaves the facts to
// the API's rules: for every matter of a small build, what is stored equals what the API's functions
// derive from those rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refillKeptCounts } from '@relief-desk/api';
import { type AppDatabase, migrateToLatest, openDatabase } from '@relief-desk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersAndReferences, type DerivedColumns, storedAndRederived } from '../seed/rederive.ts';
import { buildBenchDatabase } from './build.ts';
import { CASELOAD_TABLES, caseloadBatches } from './caseload.ts';
import { openSqlite } from './sqlite.ts';

const MATTERS = 3000;
const TODAY = '2026-11-28';

describe('the benchmark build’s derived columns', () => {
  let dir: string;
  let path: string;
  let database: AppDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relief-desk-bench-build-'));
    path = join(dir, 'bench.sqlite');
    // Generated in a second thread, as a large build is.
    await buildBenchDatabase(path, MATTERS, TODAY, { inThread: true });
    database = openDatabase(path);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A freshly migrated database (every trigger in place) with the build attached as `built`. */
  async function freshBesideBuilt(name: string) {
    const freshPath = join(dir, name);
    const fresh = openDatabase(freshPath);
    await migrateToLatest(fresh.db);
    await fresh.close();
    const sqlite = openSqlite(freshPath);
    // Only some tables are copied in; the rows they reference (the office, its staff) are not.
    sqlite.pragma('foreign_keys = OFF');
    sqlite.exec(`attach database '${path.replaceAll("'", "''")}' as built`);
    return sqlite;
  }

  it('equal what the API derives from each matter’s requests, petitions and client', async () => {
    const { stored, rederived } = await storedAndRederived(database.db);
    expect(stored.length).toBe(MATTERS);
    expect(stored.some((m) => m.rap_sheet_outstanding === 1)).toBe(true);
    expect(stored.some((m) => m.earliest_document_due_on !== null)).toBe(true);
    expect(stored.some((m) => m.next_court_date !== null)).toBe(true);
    // The load writes contact times without the calls behind them (see the build).
    const withoutContact = ({ last_client_contact_at, first_client_contact_at, ...rest }: DerivedColumns) =>
      rest;
    expect(stored.map(withoutContact)).toEqual(rederived.map(withoutContact));
  });

  it('leaves each year’s reference counter at the highest reference given, as nextMatterReference does', async () => {
    const { counters, highest } = await countersAndReferences(database.db);
    expect(counters).toEqual(highest);
  });

  it('closes a matter when it moved into its closed stage, where that move was written', async () => {
    const matters = await database.db
      .selectFrom('matters')
      .select(['id', 'stage', 'closed_at'])
      .where('closed_at', 'is not', null)
      .execute();
    const moves = await database.db
      .selectFrom('matter_events')
      .select(['matter_id', 'to_stage', 'occurred_at'])
      .where('kind', '=', 'stage_changed')
      .orderBy('occurred_at')
      .execute();
    const closing = new Map(moves.map((m) => [`${m.matter_id} ${m.to_stage}`, m.occurred_at]));
    const moved = matters.filter((m) => closing.has(`${m.id} ${m.stage}`));
    expect(moved.length).toBeGreaterThan(100);
    for (const m of moved) expect(m.closed_at, m.id).toBe(closing.get(`${m.id} ${m.stage}`));
  });

  it('has a first contact for every matter contacted, no later than its last', async () => {
    const { stored } = await storedAndRederived(database.db);
    expect(stored.some((m) => m.first_client_contact_at !== m.last_client_contact_at)).toBe(true);
    for (const m of stored) {
      expect(m.first_client_contact_at === null, m.id).toBe(m.last_client_contact_at === null);
      expect((m.first_client_contact_at ?? '') <= (m.last_client_contact_at ?? ''), m.id).toBe(true);
    }
  });

  it('holds the first and last contacts the first-contact trigger leaves when each contact is written', async () => {
    // The build writes a matter with its first contact as its last and runs the trigger's statement
    // over the batch; here the same matters go into a freshly migrated database without contacts,
    // and each contact the caseload generates is written on its own, the trigger firing for each.
    const sqlite = await freshBesideBuilt('contacts.sqlite');
    const contacts = `select reference, first_client_contact_at, last_client_contact_at from matters order by reference`;
    try {
      sqlite.exec('begin');
      sqlite.exec('insert into main.clients select * from built.clients');
      sqlite.exec('insert into main.matters select * from built.matters');
      sqlite.exec('update main.matters set first_client_contact_at = null, last_client_contact_at = null');
      // Generated again, the matters have new ids (the random part of each), so they are found by
      // their references, which the generation repeats.
      const contact = sqlite.prepare(
        'update main.matters set last_client_contact_at = ? where reference = ?',
      );
      const { columns } = CASELOAD_TABLES.matters;
      const [idAt, referenceAt, contactAt] = ['id', 'reference', 'last_client_contact_at'].map((c) =>
        columns.indexOf(c as (typeof columns)[number]),
      ) as [number, number, number];
      for (const batch of caseloadBatches({ matters: MATTERS, today: TODAY, batchSize: 2000 })) {
        const matters = batch.rows.matters ?? [];
        const references = new Map<unknown, unknown>();
        for (let at = 0; at < matters.length; at += columns.length) {
          references.set(matters[at + idAt], matters[at + referenceAt]);
          const firstContact = matters[at + contactAt];
          if (firstContact !== null) contact.run(firstContact, matters[at + referenceAt]);
        }
        for (let at = 0; at < batch.lastContacts.length; at += 2)
          contact.run(batch.lastContacts[at + 1], references.get(batch.lastContacts[at]));
      }
      sqlite.exec('commit');
      const written = sqlite.prepare(contacts).all() as { first_client_contact_at: string | null }[];
      expect(written.length).toBe(MATTERS);
      expect(written.filter((m) => m.first_client_contact_at !== null).length).toBeGreaterThan(MATTERS / 2);
      expect(sqlite.prepare(contacts.replace('matters', 'built.matters')).all()).toEqual(written);
    } finally {
      sqlite.close();
    }
  });

  it('holds the search words the trigger writes as each matter goes in', async () => {
    // The build runs the trigger's statement once over all the matters; here the built clients and
    // matters go into a freshly migrated database row by row, through the trigger itself.
    const sqlite = await freshBesideBuilt('search-words.sqlite');
    const words = `select office_id, token, matter_id from matter_search order by 1, 2, 3`;
    try {
      sqlite.exec('begin');
      sqlite.exec('insert into main.clients select * from built.clients');
      sqlite.exec('insert into main.matters select * from built.matters order by rowid');
      sqlite.exec('commit');
      const written = sqlite.prepare(words).all();
      expect(written.length).toBeGreaterThan(3000);
      expect(sqlite.prepare(words.replace('matter_search', 'built.matter_search')).all()).toEqual(written);
    } finally {
      sqlite.close();
    }
  });

  it('holds the kept counts the API’s recount writes with every counting trigger in place', async () => {
    // Every table, so the check needs no list of the kept ones: the refill below changes nothing else.
    const contents = () => {
      const sqlite = openSqlite(path, { readonly: true });
      try {
        const tables = sqlite
          .prepare(
            `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
          )
          .all() as { name: string }[];
        return Object.fromEntries(
          tables.map(({ name }) => [
            name,
            sqlite
              .prepare(`select * from "${name}"`)
              .all()
              .map((row) => JSON.stringify(row))
              .sort(),
          ]),
        );
      } finally {
        sqlite.close();
      }
    };
    const built = contents();
    expect(built.court_outcome_matter_days?.length).toBeGreaterThan(10);
    await refillKeptCounts(database.db, 'sqlite');
    expect(contents()).toEqual(built);
  });

  it('has every index and trigger the migrations made, every reference to a row that exists, and the WAL journal', async () => {
    const migratedPath = join(dir, 'migrated.sqlite');
    const migrated = openDatabase(migratedPath);
    await migrateToLatest(migrated.db);
    await migrated.close();
    const schema = `select type, name, tbl_name, sql from sqlite_master order by type, name`;
    const [built, fresh] = [
      openSqlite(path, { readonly: true }),
      openSqlite(migratedPath, { readonly: true }),
    ];
    try {
      expect(built.prepare(schema).all()).toEqual(fresh.prepare(schema).all());
      // The load writes with reference checks off.
      expect(built.pragma('foreign_key_check')).toEqual([]);
      expect(built.pragma('journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      built.close();
      fresh.close();
    }
  });
});
