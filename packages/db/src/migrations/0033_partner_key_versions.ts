// A partner API key has a version, as every row an administrator changes does: revoking it names the
// version the administrator was shown, and a revoke from a page older than the key is refused.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('partner_api_keys')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partner_api_keys').dropColumn('version').execute();
}
