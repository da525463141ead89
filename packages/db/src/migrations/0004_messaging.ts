// Keeping clients informed: office templates (every edit a new version), the messages that went out
// (exact text, template id and version), the transactional outbox the worker delivers from, the
// office's follow-up setting, and one follow-up per matter (the primary key makes "once" true).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('message_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('status_type', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sms', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Two admins saving the same version at once: one wins, the other is told.
    .addUniqueConstraint('message_templates_version', ['office_id', 'status_type', 'language', 'version'])
    .execute();

  await db.schema
    .createTable('office_message_settings')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id'))
    .addColumn('follow_up_enabled', 'integer', (c) => c.notNull())
    .addColumn('follow_up_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // status, outcome, follow_up, logged
    .addColumn('status_type', 'text')
    .addColumn('channel', 'text') // null: logged without sending
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('template_id', 'text')
    .addColumn('template_version', 'integer')
    .addColumn('render_input', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_matter')
    .on('messages')
    .columns(['matter_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // What the worker claims: due rows by channel, and expired leases.
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['state', 'channel', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('outbox_office_state').on('outbox').columns(['office_id', 'state']).execute();
  await db.schema.createIndex('outbox_message').on('outbox').column('message_id').execute();

  await db.schema
    .createTable('matter_follow_ups')
    .addColumn('matter_id', 'text', (c) => c.primaryKey().references('matters.id'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id'))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'matter_follow_ups',
    'outbox',
    'messages',
    'office_message_settings',
    'message_templates',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
