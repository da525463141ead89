// Letting staff in, and back in: invitations an administrator sends, one-time sign-in links for a
// locked account's owner, and e-mail to staff through the same outbox as client messages.
//
// - invitations: an e-mail address invited to an office with a role (and the RAP sheet permission);
//   only the SHA-256 of the link's token is kept; it runs out, is used once, can be revoked or sent
//   again (a new token, the old one stops working).
// - sign_in_links: a locked account's owner asked for a link; only the token's SHA-256 is kept.
// - staff_notices: an e-mail to a staff member or an invited person, never about a client: it names
//   no client and no matter, and it is what an outbox row carries instead of a client message.
// - outbox: a row carries either a client message (message_id and matter_id) or a staff notice
//   (staff_notice_id), never both. SQLite cannot drop NOT NULL, so there the table is rebuilt.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('can_view_rap_sheets', 'integer', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('accepted_at', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('invitations_role', sql`role in ('intake', 'attorney', 'supervisor', 'admin')`)
    .execute();
  await db.schema
    .createIndex('invitations_office_email')
    .on('invitations')
    .columns(['office_id', 'email'])
    .execute();

  await db.schema
    .createTable('sign_in_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sign_in_links_user').on('sign_in_links').column('user_id').execute();

  await db.schema
    .createTable('staff_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'staff_notices_kind',
      sql`kind in ('invitation', 'sign_in_link', 'not_locked', 'factors_reset')`,
    )
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table outbox alter column message_id drop not null`.execute(db);
    await sql`alter table outbox alter column matter_id drop not null`.execute(db);
    await sql`alter table outbox add column staff_notice_id text references staff_notices(id)`.execute(db);
    await sql`alter table outbox add constraint outbox_carries_one check (
      (message_id is not null and matter_id is not null and staff_notice_id is null)
      or (message_id is null and matter_id is null and staff_notice_id is not null))`.execute(db);
  } else {
    await rebuildSqliteOutbox(db, 'with_staff_notices');
  }
  await db.schema.createIndex('outbox_staff_notice').on('outbox').column('staff_notice_id').execute();
}

async function rebuildSqliteOutbox(
  // biome-ignore lint/suspicious/noExplicitAny: see up().
  db: Kysely<any>,
  shape: 'with_staff_notices' | 'clients_only',
): Promise<void> {
  // Nothing references outbox, so it can be dropped and renamed with foreign keys on.
  const notices = shape === 'with_staff_notices';
  const required = notices ? sql`` : sql`not null`;
  await sql`create table outbox_next (
    id text primary key,
    message_id text ${required} references messages(id),
    office_id text not null references offices(id),
    matter_id text ${required} references matters(id),
    ${notices ? sql`staff_notice_id text references staff_notices(id),` : sql``}
    channel text not null,
    state text not null,
    attempts integer not null default 0,
    next_attempt_at text not null,
    locked_until text,
    locked_by text,
    last_error text,
    last_error_code text,
    created_at text not null,
    updated_at text not null,
    sent_at text,
    version integer not null default 1
    ${
      notices
        ? sql`, constraint outbox_carries_one check (
      (message_id is not null and matter_id is not null and staff_notice_id is null)
      or (message_id is null and matter_id is null and staff_notice_id is not null))`
        : sql``
    }
  )`.execute(db);
  await sql`insert into outbox_next (id, message_id, office_id, matter_id, channel, state, attempts,
      next_attempt_at, locked_until, locked_by, last_error, last_error_code, created_at, updated_at,
      sent_at, version)
    select id, message_id, office_id, matter_id, channel, state, attempts, next_attempt_at,
      locked_until, locked_by, last_error, last_error_code, created_at, updated_at, sent_at, version
    from outbox where message_id is not null`.execute(db);
  await sql`drop table outbox`.execute(db);
  await sql`alter table outbox_next rename to outbox`.execute(db);
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['state', 'channel', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('outbox_office_state').on('outbox').columns(['office_id', 'state']).execute();
  await db.schema.createIndex('outbox_message').on('outbox').column('message_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('outbox').where('staff_notice_id', 'is not', null).execute();
  await db.schema.dropIndex('outbox_staff_notice').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table outbox drop constraint outbox_carries_one`.execute(db);
    await sql`alter table outbox drop column staff_notice_id`.execute(db);
    await sql`alter table outbox alter column message_id set not null`.execute(db);
    await sql`alter table outbox alter column matter_id set not null`.execute(db);
  } else {
    await rebuildSqliteOutbox(db, 'clients_only');
  }
  for (const table of ['staff_notices', 'sign_in_links', 'invitations']) {
    await db.schema.dropTable(table).execute();
  }
}
