// The eligibility assistant: facts about the person the rules need (beyond the convictions), and
// the suggestions last shown for each conviction and remedy, so that when the rules change the
// matters whose suggestions would change can be listed for review.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_person_facts')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('currently_charged', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('under_supervision', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('serving_sentence', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('required_to_register_pc290', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('has_superstrike_prior', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('eligibility_suggestions')
    .addColumn('conviction_id', 'text', (c) => c.notNull().references('convictions.id'))
    .addColumn('remedy', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('determination', 'text', (c) => c.notNull())
    .addColumn('eligible_on', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eligibility_suggestions_pk', ['conviction_id', 'remedy'])
    .execute();
  await db.schema
    .createIndex('eligibility_suggestions_office_matter')
    .on('eligibility_suggestions')
    .columns(['office_id', 'matter_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('eligibility_suggestions').execute();
  await db.schema.dropTable('client_person_facts').execute();
}
