// The audit journal: rows recording what someone was shown (a search's page, a matter, a client) wait
// here, one insert each, until a batch of them joins the office's hash chain in audit_log
// (audit-journal.ts). Columns as audit_log's before its place in the chain is given; the outcome is
// a closed set, checked as every other (0027's mechanism, the list frozen here).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const AUDIT_JOURNAL_SETS: ClosedSets = {
  audit_journal: { outcome: ['ok', 'denied', 'failed'] },
};

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('audit_journal')
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
  await addClosedSetChecks(db, AUDIT_JOURNAL_SETS);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, AUDIT_JOURNAL_SETS);
  await db.schema.dropTable('audit_journal').execute();
}
