// What makes every named queue an index range over a million matters: one index per queue (partial
// over open matters where the queue only holds open ones), a token table for accent- and
// order-tolerant name search kept by triggers, the first client contact, and per-office limits.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

// Each index ends in id so keyset pagination never sorts in memory. Expressions must match the
// queries in packages/api/src/features/queues exactly, or SQLite will not use them.
const INDEXES = [
  'create index matters_q_new on matters (office_id, received_on, id) where closed_at is null and first_opened_at is null',
  'create index matters_q_contact on matters (office_id, (coalesce(last_client_contact_at, received_on)), id) where closed_at is null',
  'create index matters_q_rap on matters (office_id, received_on, id) where closed_at is null and rap_sheet_outstanding = 1',
  'create index matters_q_documents on matters (office_id, earliest_document_due_on, id) where closed_at is null and earliest_document_due_on is not null',
  `create index matters_q_court on matters (office_id, stage, (coalesce(next_court_date, '9999-12-31')), id)`,
  `create index matters_sort_assignee on matters (office_id, (coalesce(assignee_id, '')), received_on, id)`,
  'create index matters_q_mine on matters (office_id, assignee_id, received_on, id) where closed_at is null',
  // The dashboard's open caseload by stage and county, and its aging.
  'create index matters_open_stage_county on matters (office_id, stage, county) where closed_at is null',
  'create index matters_open_received on matters (office_id, received_on) where closed_at is null',
  'create index matters_office_first_contact on matters (office_id, received_on, first_client_contact_at)',
  'create index matter_events_office_kind on matter_events (office_id, kind, occurred_at)',
  'create index matter_events_office_time on matter_events (office_id, occurred_at, actor_id, matter_id)',
  'create index eligibility_decisions_office_time on eligibility_decisions (office_id, decided_at, matter_id)',
  'create index convictions_office_case_matter on convictions (office_id, case_number, matter_id)',
  'create index petitions_office_filed on petitions (office_id, filed_on, matter_id)',
  'create index petitions_office_status on petitions (office_id, status, decided_on)',
];

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.alterTable('matters').addColumn('first_client_contact_at', 'text').execute();
  await sql`update matters set first_client_contact_at = last_client_contact_at`.execute(db);

  await db.schema
    .createTable('office_queue_settings')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id'))
    .addColumn('client_update_days', 'integer', (c) => c.notNull())
    .addColumn('client_update_overdue_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // One row per folded name word of the matter's client (legal and other names).
  await db.schema
    .createTable('matter_search')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addPrimaryKeyConstraint('matter_search_pk', ['office_id', 'token', 'matter_id'])
    .execute();
  await db.schema
    .createIndex('matter_search_matter')
    .on('matter_search')
    .columns(['matter_id', 'token'])
    .execute();

  for (const statement of INDEXES) await sql.raw(statement).execute(db);
  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
  // Matters already recorded get their words too.
  if (postgres)
    await sql`insert into matter_search (office_id, token, matter_id)
      select distinct m.office_id, t.token, m.id from matters m join clients c on c.id = m.client_id
      cross join lateral regexp_split_to_table(c.name_search, '[ |]+') as t(token)
      where length(t.token) > 1`.execute(db);
  else
    await sql`insert or ignore into matter_search (office_id, token, matter_id)
      select m.office_id, t.value, m.id from matters m join clients c on c.id = m.client_id,
      json_each(${sql.raw(SQLITE_TOKENS('c.name_search'))}) t
      where length(t.value) > 1`.execute(db);
}

// name_search holds folded names (letters, digits, single spaces) joined by " | ": turned into a
// JSON array of words without any escaping to worry about.
const SQLITE_TOKENS = (column: string) =>
  `'["' || replace(replace(${column}, ' | ', ' '), ' ', '","') || '"]'`;

async function sqliteTriggers(db: AnyDb): Promise<void> {
  await sql
    .raw(`create trigger matter_search_on_insert after insert on matters begin
      insert or ignore into matter_search (office_id, token, matter_id)
      select new.office_id, j.value, new.id from clients c, json_each(${SQLITE_TOKENS('c.name_search')}) j
      where c.id = new.client_id and length(j.value) > 1;
    end`)
    .execute(db);
  await sql
    .raw(`create trigger matter_search_on_rename after update of name_search on clients begin
      delete from matter_search where matter_id in (select id from matters where client_id = new.id);
      insert or ignore into matter_search (office_id, token, matter_id)
      select m.office_id, j.value, m.id from matters m, json_each(${SQLITE_TOKENS('new.name_search')}) j
      where m.client_id = new.id and length(j.value) > 1;
    end`)
    .execute(db);
  await sql
    .raw(`create trigger matters_first_contact after update of last_client_contact_at on matters
      when new.first_client_contact_at is null and new.last_client_contact_at is not null begin
      update matters set first_client_contact_at = new.last_client_contact_at where id = new.id;
    end`)
    .execute(db);
}

async function postgresTriggers(db: AnyDb): Promise<void> {
  const tokensOf = (clientFilter: string) => `
    insert into matter_search (office_id, token, matter_id)
    select distinct m.office_id, t.token, m.id from matters m
    join clients c on c.id = m.client_id
    cross join lateral regexp_split_to_table(c.name_search, '[ |]+') as t(token)
    where ${clientFilter} and length(t.token) > 1
    on conflict do nothing;`;
  await sql
    .raw(`create function matter_search_on_insert() returns trigger language plpgsql as $$ begin
      ${tokensOf('m.id = new.id')}
      return null; end $$`)
    .execute(db);
  await sql
    .raw(`create trigger matter_search_on_insert after insert on matters
      for each row execute function matter_search_on_insert()`)
    .execute(db);
  await sql
    .raw(`create function matter_search_on_rename() returns trigger language plpgsql as $$ begin
      delete from matter_search where matter_id in (select id from matters where client_id = new.id);
      ${tokensOf('m.client_id = new.id')}
      return null; end $$`)
    .execute(db);
  await sql
    .raw(`create trigger matter_search_on_rename after update of name_search on clients
      for each row execute function matter_search_on_rename()`)
    .execute(db);
  await sql
    .raw(`create function matters_first_contact() returns trigger language plpgsql as $$ begin
      new.first_client_contact_at := coalesce(new.first_client_contact_at, new.last_client_contact_at);
      return new; end $$`)
    .execute(db);
  await sql
    .raw(`create trigger matters_first_contact before update of last_client_contact_at on matters
      for each row execute function matters_first_contact()`)
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const trigger of ['matter_search_on_insert', 'matter_search_on_rename', 'matters_first_contact']) {
    const table = trigger === 'matter_search_on_rename' ? 'clients' : 'matters';
    await sql.raw(postgres ? `drop trigger ${trigger} on ${table}` : `drop trigger ${trigger}`).execute(db);
    if (postgres) await sql.raw(`drop function ${trigger}()`).execute(db);
  }
  for (const statement of INDEXES) {
    const name = statement.split(' ')[2];
    if (name) await db.schema.dropIndex(name).execute();
  }
  await db.schema.dropTable('matter_search').execute();
  await db.schema.dropTable('office_queue_settings').execute();
  await db.schema.alterTable('matters').dropColumn('first_client_contact_at').execute();
}
