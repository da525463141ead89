// Passwords that can be changed and reset:
//
// - password_reset_links: an administrator sent a person of their office a link to choose a new
//   password (users.sendPasswordReset). Like a sign-in link, only the token's SHA-256 is kept; it runs
//   out and is used once. It names the office (the office scope holds it there) and who sent it.
// - staff_notices.kind gains password_reset (the e-mail carrying that link) and password_changed (the
//   owner told their password changed, by them or through a link). The set has been a CHECK
//   constraint since 0019: PostgreSQL replaces it; SQLite cannot change a table's constraint, so the
//   small table is made again (see setStaffNoticeKinds).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

/** staff_notices.kind before this migration (0019's list) and after it. */
const KINDS_0019 = ['invitation', 'sign_in_link', 'not_locked', 'factors_reset'] as const;
export const STAFF_NOTICE_KINDS_0047 = [...KINDS_0019, 'password_reset', 'password_changed'] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('password_reset_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('sent_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('password_reset_links_user')
    .on('password_reset_links')
    .column('user_id')
    .execute();
  await setStaffNoticeKinds(db, STAFF_NOTICE_KINDS_0047);
}

export async function down(db: AnyDb): Promise<void> {
  // Notices of the new kinds go (with their outbox rows), or the old check would refuse them.
  const added = STAFF_NOTICE_KINDS_0047.filter((k) => !(KINDS_0019 as readonly string[]).includes(k));
  const notices = db.selectFrom('staff_notices').select('id').where('kind', 'in', added);
  await db.deleteFrom('outbox').where('staff_notice_id', 'in', notices).execute();
  await db.deleteFrom('staff_notices').where('kind', 'in', added).execute();
  await setStaffNoticeKinds(db, KINDS_0019);
  await db.schema.dropTable('password_reset_links').execute();
}

export async function setStaffNoticeKinds(db: AnyDb, kinds: readonly string[]): Promise<void> {
  const allowed = sql.join(kinds.map((k) => sql.lit(k)));
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table staff_notices drop constraint staff_notices_kind`.execute(db);
    await sql`alter table staff_notices add constraint staff_notices_kind check (kind in (${allowed}))`.execute(
      db,
    );
    return;
  }
  // SQLite cannot change a table's constraint: the table is made again. Migrations run in a
  // transaction, where foreign keys cannot be turned off, so they are deferred to its commit: the rows
  // are set aside, the table dropped (outbox's rows lose their notice, for now) and made again with
  // the new check, and the rows put back, which gives outbox's rows their notices again before the
  // commit checks. staff_notices has no index or trigger but its primary key's.
  await sql`pragma defer_foreign_keys = on`.execute(db);
  await sql`create table staff_notices_set_aside as select * from staff_notices`.execute(db);
  await sql`drop table staff_notices`.execute(db);
  await sql`create table staff_notices (
    id text primary key,
    office_id text not null references offices (id),
    user_id text references users (id),
    invitation_id text references invitations (id),
    kind text not null,
    recipient text not null,
    subject text not null,
    body text not null,
    created_at text not null,
    constraint staff_notices_kind check (kind in (${allowed}))
  )`.execute(db);
  await sql`insert into staff_notices (id, office_id, user_id, invitation_id, kind, recipient, subject,
      body, created_at)
    select id, office_id, user_id, invitation_id, kind, recipient, subject, body, created_at
    from staff_notices_set_aside`.execute(db);
  await sql`drop table staff_notices_set_aside`.execute(db);
}
