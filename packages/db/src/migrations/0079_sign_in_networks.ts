// Failed sign-ins are counted per account and network (sign_in_accounts keys "<account>:<network>"),
// so someone elsewhere typing wrong passwords cannot lock a person out of their own office; a ceiling
// across networks still holds a guess spread over many. The networks a person signed in from are kept
// here, by keyed hash only (never the address), so a lock across networks does not hold them there.
import { type Kysely, sql } from 'kysely';

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
  // An account's rows, on every network, found by the account key they start with (64 hex digits).
  await db.schema
    .createIndex('sign_in_accounts_account')
    .on('sign_in_accounts')
    .expression(sql`substr(account_key, 1, 64)`)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('sign_in_accounts_account').execute();
  await db.schema.dropTable('sign_in_networks').execute();
  // Only the account's own count was known before: each account keeps the most failures and the
  // latest lock of its counts per network, so going back does not open a lock.
  const rows: { account_key: string; failures: number; locked_until: string | null; updated_at: string }[] =
    (await db
      .selectFrom('sign_in_accounts')
      .selectAll()
      .where('account_key', 'like', '%:%')
      .execute()) as never;
  const folded = new Map<string, { failures: number; locked_until: string | null; updated_at: string }>();
  for (const row of rows) {
    const account = row.account_key.slice(0, row.account_key.indexOf(':'));
    const kept = folded.get(account);
    folded.set(account, {
      failures: Math.max(Number(row.failures), kept?.failures ?? 0),
      locked_until: [row.locked_until, kept?.locked_until ?? null].reduce(
        (a, b) => (a && (!b || a > b) ? a : b),
        null,
      ),
      updated_at: kept && kept.updated_at > row.updated_at ? kept.updated_at : row.updated_at,
    });
  }
  await db.deleteFrom('sign_in_accounts').where('account_key', 'like', '%:%').execute();
  for (const [account, count] of folded) {
    const own = await db
      .selectFrom('sign_in_accounts')
      .selectAll()
      .where('account_key', '=', account)
      .executeTakeFirst();
    if (!own)
      await db
        .insertInto('sign_in_accounts')
        .values({ account_key: account, ...count })
        .execute();
    else
      await db
        .updateTable('sign_in_accounts')
        .set({
          failures: Math.max(Number(own.failures), count.failures),
          locked_until:
            own.locked_until && (!count.locked_until || own.locked_until > count.locked_until)
              ? own.locked_until
              : count.locked_until,
        })
        .where('account_key', '=', account)
        .execute();
  }
}
