// Failed sign-ins are counted per account and network (sign_in_accounts keys "<account>:<network>"),
// so someone elsewhere typing wrong passwords cannot lock a person out of their own office; a ceiling
// across networks still holds a guess spread over many. The networks a person signed in from are kept
// here, by keyed hash only (never the address), so a lock across networks does not hold them there.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sign_in_networks')
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('network_key', 'text', (c) => c.notNull())
    .addColumn('signed_in_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_networks_pkey', ['account_key', 'network_key'])
    .execute();
  await db.schema
    .createIndex('sign_in_networks_signed_in')
    .on('sign_in_networks')
    .column('signed_in_at')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sign_in_networks').execute();
  // The counts kept per network go with it: only the account's own count was known before.
  await db.deleteFrom('sign_in_accounts').where('account_key', 'like', '%:%').execute();
}
