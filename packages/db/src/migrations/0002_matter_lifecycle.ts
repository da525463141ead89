// The matter's life from records to outcome: document requests and their files, convictions with
// their history, append-only eligibility decisions, petitions and per-conviction outcomes.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('office_document_due_days')
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('office_document_due_days_pk', ['office_id', 'kind'])
    .execute();

  await db.schema
    .createTable('document_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('requested_from', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('live_scan_on', 'text')
    .addColumn('designee', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('arrived_on', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    // For the signed order of a decided petition (petitions are created below, so no reference).
    .addColumn('petition_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('document_requests_matter')
    .on('document_requests')
    .columns(['matter_id', 'requested_on'])
    .execute();
  // Overdue requests per office, for the queues.
  await db.schema
    .createIndex('document_requests_office_due')
    .on('document_requests')
    .columns(['office_id', 'status', 'due_on'])
    .execute();

  await db.schema
    .createTable('document_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('document_requests.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_files_request').on('document_files').column('request_id').execute();

  await db.schema
    .createTable('convictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('court', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('wobbler', 'text', (c) => c.notNull())
    .addColumn('conviction_date', 'text', (c) => c.notNull())
    .addColumn('sentence_kind', 'text', (c) => c.notNull())
    .addColumn('mandatory_supervision', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('probation_outcome', 'text', (c) => c.notNull())
    .addColumn('value_over_950', 'text', (c) => c.notNull())
    .addColumn('relief_granted_remedy', 'text')
    .addColumn('relief_granted_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('convictions_matter')
    .on('convictions')
    .columns(['matter_id', 'case_number'])
    .execute();
  await db.schema
    .createIndex('convictions_office_case')
    .on('convictions')
    .columns(['office_id', 'case_number'])
    .execute();

  // Every saved version of a conviction, so editing keeps history.
  await db.schema
    .createTable('conviction_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conviction_id', 'text', (c) => c.notNull().references('convictions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conviction_revisions_conviction')
    .on('conviction_revisions')
    .columns(['conviction_id', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('eligibility_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conviction_id', 'text', (c) => c.notNull().references('convictions.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('remedy', 'text', (c) => c.notNull())
    .addColumn('determination', 'text', (c) => c.notNull())
    .addColumn('eligible_on', 'text')
    .addColumn('missing_info', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('rules_version', 'text')
    .addColumn('suggested_determination', 'text')
    .addColumn('override_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('supersedes', 'text', (c) => c.references('eligibility_decisions.id'))
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('eligibility_decisions_conviction')
    .on('eligibility_decisions')
    .columns(['conviction_id', 'remedy', 'decided_at'])
    .execute();
  // A decision can be superseded once: two attorneys replacing the same one is a conflict, not a fork.
  await db.schema
    .createIndex('eligibility_decisions_supersedes')
    .on('eligibility_decisions')
    .column('supersedes')
    .unique()
    .execute();

  await db.schema
    .createTable('petitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('remedy', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('form_set', 'text', (c) => c.notNull())
    .addColumn('court', 'text', (c) => c.notNull())
    .addColumn('courthouse', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text')
    .addColumn('served_on', 'text')
    .addColumn('hearing_on', 'text')
    .addColumn('rule_by_on', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('order_file_id', 'text', (c) => c.references('document_files.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('petitions_matter').on('petitions').column('matter_id').execute();
  await db.schema
    .createIndex('petitions_office_hearing')
    .on('petitions')
    .columns(['office_id', 'hearing_on'])
    .execute();
  await db.schema
    .createIndex('petitions_office_rule_by')
    .on('petitions')
    .columns(['office_id', 'rule_by_on'])
    .execute();

  await db.schema
    .createTable('petition_convictions')
    .addColumn('petition_id', 'text', (c) => c.notNull().references('petitions.id'))
    .addColumn('conviction_id', 'text', (c) => c.notNull().references('convictions.id'))
    .addColumn('outcome', 'text')
    .addPrimaryKeyConstraint('petition_convictions_pk', ['petition_id', 'conviction_id'])
    .execute();
  await db.schema
    .createIndex('petition_convictions_conviction')
    .on('petition_convictions')
    .column('conviction_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'petition_convictions',
    'petitions',
    'eligibility_decisions',
    'conviction_revisions',
    'convictions',
    'document_files',
    'document_requests',
    'office_document_due_days',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
