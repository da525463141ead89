import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from './ids.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { clientRow, matterRow } from './migrations/test-rows.ts';
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

  it('regression: a migration that fails halfway leaves nothing behind, so the next start can run it', async () => {
    // On SQLite each step used to commit on its own: the table below stayed, unrecorded, and every
    // later start failed creating it again.
    let fail = true;
    const broken = {
      ...migrations,
      '0999_half_done': {
        up: async (db: Parameters<NonNullable<(typeof migrations)[string]['up']>>[0]) => {
          await db.schema.createTable('half_done').addColumn('id', 'text').execute();
          if (fail) throw new Error('stopped halfway');
        },
      },
    };
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => broken } });
    const first = await migrator.migrateToLatest();
    expect(String(first.error)).toContain('stopped halfway');
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('half_done');
    fail = false;
    const second = await migrator.migrateToLatest();
    expect(second.error).toBeUndefined();
    await migrator.migrateDown();
  });

  it.runIf(dialect === 'postgres')(
    '0040 keeps statistics of the 1,000 most common search words, for the planner to weigh a name search',
    async () => {
      const { rows } = await sql<{ target: number }>`
        select attstattarget as target from pg_attribute
        where attrelid = 'matter_search'::regclass and attname = 'token'`.execute(database.db);
      expect(rows.map((row) => Number(row.target))).toEqual([1000]);
    },
  );

  it('0066 adds the language a declaration was read in and who read it, 0067 the records a status link shows, 0070 whether a sentence was imposed and its execution suspended, 0071 the offense date (nullable), 0072 the tombstones of discarded RAP sheet imports and removed files, 0073 the upkeep a version asks for once, 0074 the timeline’s word for a message left unsent, 0075 the notice of a RAP sheet permission given, 0076 the tombstone of a removed conviction, 0077 the search words told apart per matter, 0078 the mark of a message staff worded, 0079 the networks a person signed in from; down drops them (and their checks), up adds them again', async () => {
    // A database of its own: the test above leaves a migration this code does not know on record.
    const own = await createTestDatabase(dialect);
    try {
      const migrator = new Migrator({ db: own.db, provider: { getMigrations: async () => migrations } });
      const added = {
        petition_declarations: ['read_to_client_in', 'translator_name'],
        application_status_links: ['record_ids'],
        convictions: ['execution_suspended', 'offense_date', 'removed_at', 'removed_by'],
        rap_imports: ['discarded_at', 'discarded_by', 'discarded_reason'],
        document_files: ['removed_at', 'removed_by', 'removed_reason'],
        messages: ['worded_by_staff'],
        sign_in_networks: ['account_key', 'network_key', 'signed_in_at'],
      } as const;
      const columnsOf = async () => {
        const tables = await own.db.introspection.getTables();
        return Object.entries(added).flatMap(([table, columns]) =>
          (tables.find((t) => t.name === table)?.columns ?? [])
            .map((c) => c.name)
            .filter((name) => (columns as readonly string[]).includes(name))
            .map((name) => `${table}.${name}`),
        );
      };
      const all = [
        'petition_declarations.read_to_client_in',
        'petition_declarations.translator_name',
        'application_status_links.record_ids',
        'convictions.execution_suspended',
        'convictions.offense_date',
        'convictions.removed_at',
        'convictions.removed_by',
        'rap_imports.discarded_at',
        'rap_imports.discarded_by',
        'rap_imports.discarded_reason',
        'document_files.removed_at',
        'document_files.removed_by',
        'document_files.removed_reason',
        'messages.worded_by_staff',
        'sign_in_networks.account_key',
        'sign_in_networks.network_key',
        'sign_in_networks.signed_in_at',
      ];
      expect(await columnsOf()).toEqual(all);
      // A lock kept per network (0079) is kept on the account when going back, not opened.
      const account = 'a'.repeat(64);
      await own.db
        .insertInto('sign_in_accounts')
        .values([
          {
            account_key: `${account}:n1`,
            failures: 5,
            locked_until: '2099-01-01T00:00:00.000Z',
            updated_at: '2026-12-01T00:00:00.000Z',
          },
          {
            account_key: `${account}:*`,
            failures: 7,
            locked_until: null,
            updated_at: '2026-12-01T00:00:00.000Z',
          },
        ])
        .execute();
      const down = await migrator.migrateTo('0065_drop_unread_counts');
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => [r.migrationName, r.direction])).toEqual([
        ['0079_sign_in_networks', 'Down'],
        ['0078_message_wording_by_staff', 'Down'],
        ['0077_search_words_once', 'Down'],
        ['0076_conviction_removal', 'Down'],
        ['0075_rap_sheet_grant_notices', 'Down'],
        ['0074_delivery_left_unsent', 'Down'],
        ['0073_upkeep', 'Down'],
        ['0072_discards', 'Down'],
        ['0071_offense_date', 'Down'],
        ['0070_execution_suspended', 'Down'],
        ['0069_waiting_received_days', 'Down'],
        ['0068_case_number_key', 'Down'],
        ['0067_status_link_records', 'Down'],
        ['0066_declaration_translation', 'Down'],
      ]);
      expect(await columnsOf()).toEqual([]);
      expect(
        await own.db
          .selectFrom('sign_in_accounts')
          .select(['account_key', 'failures', 'locked_until'])
          .execute(),
      ).toEqual([{ account_key: account, failures: 7, locked_until: '2099-01-01T00:00:00.000Z' }]);
      expect((await own.db.introspection.getTables()).map((t) => t.name)).not.toContain('upkeep');
      const up = await migrateToLatest(own.db);
      expect(up.results?.map((r) => r.migrationName)).toEqual([
        '0066_declaration_translation',
        '0067_status_link_records',
        '0068_case_number_key',
        '0069_waiting_received_days',
        '0070_execution_suspended',
        '0071_offense_date',
        '0072_discards',
        '0073_upkeep',
        '0074_delivery_left_unsent',
        '0075_rap_sheet_grant_notices',
        '0076_conviction_removal',
        '0077_search_words_once',
        '0078_message_wording_by_staff',
        '0079_sign_in_networks',
      ]);
      expect(await columnsOf()).toEqual(all);
      // Optional: a conviction whose record gives no offense date has none.
      const offenseDate = (await own.db.introspection.getTables())
        .find((t) => t.name === 'convictions')
        ?.columns.find((c) => c.name === 'offense_date');
      expect(offenseDate?.isNullable).toBe(true);
    } finally {
      await own.destroy();
    }
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

  it('0008_stage_moves copies each earlier stage move from its JSON details into from_stage and to_stage', async () => {
    // A database of its own, taken back to 0007 (before the columns existed), holding a timeline
    // written the old way: stage moves with {"from","to"} in data, beside other kinds of event.
    const old = await createTestDatabase(dialect);
    try {
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      const down = await migrator.migrateTo('0007_dashboard_indexes');
      expect(down.error).toBeUndefined();
      // Every later migration comes down first; 0008 last.
      expect(down.results?.at(-1)).toMatchObject({
        migrationName: '0008_stage_moves',
        direction: 'Down',
        status: 'Success',
      });
      expect(down.results?.every((r) => r.direction === 'Down' && r.status === 'Success')).toBe(true);

      const now = '2026-06-01T17:00:00.000Z';
      const officeId = newId();
      const clientId = newId();
      const matterId = newId();
      await old.db
        .insertInto('offices')
        .values({ id: officeId, name: 'Alameda County Public Defender', created_at: now, updated_at: now })
        .execute();
      await old.db
        .insertInto('clients')
        .values(
          clientRow({
            id: clientId,
            office_id: officeId,
            legal_name: 'María José Núñez',
            name_search: 'maria jose nunez',
            at: now,
          }),
        )
        .execute();
      // As the table was at 0007, not as today's types have it.
      await (old.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('matters')
        .values(
          matterRow({
            id: matterId,
            office_id: officeId,
            client_id: clientId,
            reference: '2026-00001',
            stage: 'petitions_to_file',
            at: now,
          }),
        )
        .execute();
      // Inserted with raw SQL: at 0007 the table has no from_stage/to_stage to name.
      const event = async (kind: string, data: string) => {
        const id = newId();
        await sql`insert into matter_events (id, matter_id, office_id, kind, summary, data, actor_id, occurred_at)
          values (${id}, ${matterId}, ${officeId}, ${kind}, ${`${kind} event`}, ${data}, ${null}, ${now})`.execute(
          old.db,
        );
        return id;
      };
      const review = await event('stage_changed', '{"from":"referral_received","to":"eligibility_review"}');
      const decided = await event('stage_changed', '{"from":"eligibility_review","to":"petitions_to_file"}');
      const received = await event('referral_received', '{"source":"phone"}');
      // Another kind whose details also say from and to: not a stage move, so not copied.
      const petition = await event('petition_status', '{"petitionId":"p1","from":"draft","to":"filed"}');
      // Details that are not JSON, or name one stage only, are left as they were (and do not stop the
      // migration on either database).
      const broken = await event('stage_changed', 'moved by hand');
      const half = await event('stage_changed', '{"from":"outcome_to_send"}');

      await migrateToLatest(old.db);

      const rows = await old.db
        .selectFrom('matter_events')
        .select(['id', 'from_stage', 'to_stage', 'data'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: review, from_stage: 'referral_received', to_stage: 'eligibility_review', data: '{}' },
        { id: decided, from_stage: 'eligibility_review', to_stage: 'petitions_to_file', data: '{}' },
        { id: received, from_stage: null, to_stage: null, data: '{"source":"phone"}' },
        {
          id: petition,
          from_stage: null,
          to_stage: null,
          data: '{"petitionId":"p1","from":"draft","to":"filed"}',
        },
        { id: broken, from_stage: null, to_stage: null, data: 'moved by hand' },
        { id: half, from_stage: null, to_stage: null, data: '{"from":"outcome_to_send"}' },
      ]);
    } finally {
      await old.destroy();
    }
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
