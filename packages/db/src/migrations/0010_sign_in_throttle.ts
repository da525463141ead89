// Sign-in that holds against attack.
//
// - sign_in_accounts: the failure count and lock of every e-mail address anyone has tried to sign in
//   with, account or not, keyed by an HMAC of the normalised address (never the address itself), so an
//   unknown address is counted and locked exactly like a known one. Moved here from users, whose two
//   columns go: a lock now lives in one row that one statement claims from.
// - rate_limits: fixed-window counters (scope, key, window), shared by every server on the database.
// - server_secrets: the HMAC key, made once here, so every server keys addresses the same way.
// - sessions get an id of their own, to be listed and ended one by one without handing out the
//   token's hash.
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

// A frozen copy of the account key in the API's sign-in code (the two must agree: the rows depend on it).
function accountKey(secret: string, email: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url'))
    .update(`sign-in-account:${email.trim().toLowerCase().normalize('NFC')}`, 'utf8')
    .digest('hex');
}

// Text ids for the sessions that exist already; new sessions get the usual sortable ids.
const sessionId = () => `S${randomBytes(15).toString('hex').toUpperCase()}`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('server_secrets')
    .values({ name: 'sign_in_key', value: secret, created_at: new Date().toISOString() })
    .execute();

  await db.schema
    .createTable('sign_in_accounts')
    .addColumn('account_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_accounts_updated')
    .on('sign_in_accounts')
    .column('updated_at')
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['scope', 'key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_start').execute();

  // Counts and locks in force carry over to the new rows.
  const counted = await db
    .selectFrom('users')
    .select(['email', 'failed_sign_ins', 'locked_until', 'updated_at'])
    .where((eb) => eb.or([eb('failed_sign_ins', '>', 0), eb('locked_until', 'is not', null)]))
    .execute();
  for (const user of counted) {
    await db
      .insertInto('sign_in_accounts')
      .values({
        account_key: accountKey(secret, user.email),
        failures: user.failed_sign_ins,
        locked_until: user.locked_until,
        updated_at: user.updated_at,
      })
      .onConflict((oc) => oc.column('account_key').doNothing())
      .execute();
  }
  await db.schema.alterTable('users').dropColumn('failed_sign_ins').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();

  // SQLite adds a column NOT NULL only with a default: the column stays nullable, every row gets an id
  // here and every new session one at its start, and the unique index keeps them apart.
  await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
  const sessions = await db.selectFrom('sessions').select('token_hash').execute();
  for (const session of sessions) {
    await db
      .updateTable('sessions')
      .set({ id: sessionId() })
      .where('token_hash', '=', session.token_hash)
      .execute();
  }
  await db.schema.createIndex('sessions_id').on('sessions').column('id').unique().execute();
  // A person's sessions, oldest first: the list, and which ones end when there are too many.
  await db.schema
    .createIndex('sessions_user_created')
    .on('sessions')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('sessions_user').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.dropIndex('sessions_user_created').execute();
  await db.schema.dropIndex('sessions_id').execute();
  await db.schema.alterTable('sessions').dropColumn('id').execute();
  await db.schema
    .alterTable('users')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('locked_until', 'text').execute();
  // The keyed rows cannot be matched back to users without the key; locks in force are carried back.
  const secret = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', 'sign_in_key')
    .executeTakeFirst();
  if (secret) {
    const users = await db.selectFrom('users').select(['id', 'email']).execute();
    for (const user of users) {
      const row = await db
        .selectFrom('sign_in_accounts')
        .select(['failures', 'locked_until'])
        .where('account_key', '=', accountKey(secret.value, user.email))
        .executeTakeFirst();
      if (row)
        await db
          .updateTable('users')
          .set({ failed_sign_ins: row.failures, locked_until: row.locked_until })
          .where('id', '=', user.id)
          .execute();
    }
  }
  await db.schema.dropTable('rate_limits').execute();
  await db.schema.dropTable('sign_in_accounts').execute();
  await db.schema.dropTable('server_secrets').execute();
}
