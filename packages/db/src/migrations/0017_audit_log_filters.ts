// The audit log page filters an office's rows by person and by outcome: each is an index range in
// id order (ids begin with the time, so a span of days is a range of ids too). The office's rows
// already have (office_id, id), (office_id, action, id) and, by record, (entity_id, id).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_log_office_actor')
    .on('audit_log')
    .columns(['office_id', 'actor_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_office_outcome')
    .on('audit_log')
    .columns(['office_id', 'outcome', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_office_outcome').execute();
  await db.schema.dropIndex('audit_log_office_actor').execute();
}
