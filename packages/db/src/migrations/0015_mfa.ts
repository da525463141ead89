// A second factor at sign-in, and sessions that know their own limits.
//
// - mfa_totp: a person's authenticator app (one at most): its secret, from when it was confirmed with
//   a code, and the time step of the last code accepted (a code works once).
// - mfa_passkeys: a person's passkeys (WebAuthn credentials): the public key, the signature counter.
// - mfa_recovery_codes: ten single-use codes per person, only their keyed hashes.
// - mfa_challenges: what a ceremony in progress needs: the second step of a sign-in (keyed by the
//   hash of the token the password step gave), or a passkey being added or used to re-authenticate.
// - office_sign_in_settings: whether the office requires a second factor of everyone. An office
//   without a row does not; `create-admin` writes one that does for every office it creates.
// - users.must_enrol_factor: an administrator reset this person's factors; they set one up again at
//   their next sign-in, whatever the office requires.
// - sessions: their idle limit (the server's setting when they started), whether they may only set
//   up a factor, and when the person last proved who they are (password or factor).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mfa_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_used_step', 'integer')
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('mfa_passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('mfa_passkeys_user').on('mfa_passkeys').column('user_id').execute();

  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('mfa_recovery_codes_user')
    .on('mfa_recovery_codes')
    .columns(['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('mfa_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('session_id', 'text')
    .addColumn('webauthn_challenge', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mfa_challenges_user').on('mfa_challenges').column('user_id').execute();
  await db.schema.createIndex('mfa_challenges_expires').on('mfa_challenges').column('expires_at').execute();

  await db.schema
    .createTable('office_sign_in_settings')
    .addColumn('office_id', 'text', (c) => c.primaryKey().references('offices.id'))
    .addColumn('mfa_required', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .alterTable('users')
    .addColumn('must_enrol_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('sessions').addColumn('idle_minutes', 'integer').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('enrolment_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('sessions').addColumn('reauthenticated_at', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('reauthenticated_at').execute();
  await db.schema.alterTable('sessions').dropColumn('enrolment_only').execute();
  await db.schema.alterTable('sessions').dropColumn('idle_minutes').execute();
  await db.schema.alterTable('users').dropColumn('must_enrol_factor').execute();
  await db.schema.dropTable('office_sign_in_settings').execute();
  await db.schema.dropTable('mfa_challenges').execute();
  await db.schema.dropTable('mfa_recovery_codes').execute();
  await db.schema.dropTable('mfa_passkeys').execute();
  await db.schema.dropTable('mfa_totp').execute();
}
