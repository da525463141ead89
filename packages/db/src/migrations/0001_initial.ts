// The first schema. Frozen once shipped: later changes go in new migrations.
// Portable by construction: text ids, ISO-8601 text timestamps, integer booleans.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('offices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('office_counties')
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('county', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('office_counties_pk', ['office_id', 'county'])
    .execute();
  await db.schema.createIndex('office_counties_county').on('office_counties').column('county').execute();

  await db.schema
    .createTable('counters')
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('counters_pk', ['office_id', 'name'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('can_view_rap_sheets', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('users_office').on('users').columns(['office_id', 'name']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('other_names', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('name_search', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address_line1', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address_line2', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('postal_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('preferred_language', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'integer', (c) => c.notNull())
    .addColumn('contact_sms', 'integer', (c) => c.notNull())
    .addColumn('contact_letter', 'integer', (c) => c.notNull())
    .addColumn('contact_phone', 'integer', (c) => c.notNull())
    .addColumn('consent_to_text', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('clients_office_dob')
    .on('clients')
    .columns(['office_id', 'date_of_birth'])
    .execute();

  await db.schema
    .createTable('matters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('referred_to_office_id', 'text', (c) => c.references('offices.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('referral_source', 'text', (c) => c.notNull())
    .addColumn('referral_source_detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('referral_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('client_sort_name', 'text', (c) => c.notNull())
    .addColumn('first_opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('matters_office_reference', ['office_id', 'reference'])
    .execute();
  // One index per queue sort, each ending in id so keyset pagination never sorts in memory.
  for (const [name, columns] of [
    ['matters_office_received', ['office_id', 'received_on', 'id']],
    ['matters_office_name', ['office_id', 'client_sort_name', 'id']],
    ['matters_office_county', ['office_id', 'county', 'id']],
    ['matters_office_stage', ['office_id', 'stage', 'received_on', 'id']],
    ['matters_office_assignee', ['office_id', 'assignee_id', 'received_on', 'id']],
    ['matters_client', ['client_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('matters')
      .columns([...columns])
      .execute();
  }

  await db.schema
    .createTable('matter_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('matter_events_matter')
    .on('matter_events')
    .columns(['matter_id', 'occurred_at', 'id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('office_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_log_office_time').on('audit_log').columns(['office_id', 'id']).execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_id', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'matter_events',
    'matters',
    'clients',
    'sessions',
    'users',
    'counters',
    'office_counties',
    'offices',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
