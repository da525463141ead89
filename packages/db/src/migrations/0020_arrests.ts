// Arrests that did not end in a conviction, so arrest relief (PC 851.91, 851.93, 236.14) can be
// suggested and decided like a conviction's remedies.
//
// - arrests: one arrest of a matter's client, entered by hand or from a RAP sheet (`source`, with
//   `source_ref` naming where it came from). `disposition` is what became of it: no_charges,
//   dismissed, acquitted, diversion_completed, pending or unknown. A removed arrest keeps its row
//   (`removed_at`), so decisions made on it keep what they were about.
// - arrest_decisions: an attorney's decision on one arrest and remedy, as eligibility_decisions are
//   for convictions (a decision is superseded at most once).
// - arrest_suggestions: the suggestion last shown for an arrest and remedy, for Rules review.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('arrests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('arrest_date', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('disposition_date', 'text')
    .addColumn('result_of_trafficking', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('relief_granted_remedy', 'text')
    .addColumn('relief_granted_on', 'text')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('source_ref', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('arrests_matter')
    .on('arrests')
    .columns(['matter_id', 'arrest_date', 'id'])
    .execute();
  await db.schema.createIndex('arrests_client').on('arrests').column('client_id').execute();
  await db.schema.createIndex('arrests_office').on('arrests').columns(['office_id', 'matter_id']).execute();

  await db.schema
    .createTable('arrest_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('arrest_id', 'text', (c) => c.notNull().references('arrests.id'))
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
    .addColumn('supersedes', 'text', (c) => c.references('arrest_decisions.id'))
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('arrest_decisions_arrest')
    .on('arrest_decisions')
    .columns(['arrest_id', 'remedy', 'decided_at'])
    .execute();
  await db.schema
    .createIndex('arrest_decisions_supersedes')
    .on('arrest_decisions')
    .column('supersedes')
    .unique()
    .execute();
  await db.schema
    .createIndex('arrest_decisions_office_time')
    .on('arrest_decisions')
    .columns(['office_id', 'decided_at', 'matter_id'])
    .execute();

  await db.schema
    .createTable('arrest_suggestions')
    .addColumn('arrest_id', 'text', (c) => c.notNull().references('arrests.id'))
    .addColumn('remedy', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('determination', 'text', (c) => c.notNull())
    .addColumn('eligible_on', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('arrest_suggestions_pk', ['arrest_id', 'remedy'])
    .execute();
  await db.schema
    .createIndex('arrest_suggestions_office_matter')
    .on('arrest_suggestions')
    .columns(['office_id', 'matter_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('arrest_suggestions').execute();
  await db.schema.dropTable('arrest_decisions').execute();
  await db.schema.dropTable('arrests').execute();
}
