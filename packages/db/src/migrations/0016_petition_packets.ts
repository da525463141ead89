// Petition packets and what they are drawn from.
//
// - attorney_bar_numbers: each attorney's State Bar number, which heads every paper filed.
// - county_courts: per office and county, the court's name, its courthouses (JSON: name, address),
//   whether it takes e-filing, and where the prosecutor and probation are served.
// - petition_declarations: the declaration in support of a petition, in the client's own words.
// - petition_packets: each version of a petition's packet: the stored PDF (a document file, by its
//   SHA-256), its page count, and the snapshot it was drawn from (so a filing run draws the same pages).
// - document_requests.packet_petition_id: the matter's document that holds a petition's packets (one
//   file per version); its files state criminal history, like a RAP sheet's.
// - filing_runs, filing_run_petitions: the packets printed together for one court, in order, and when
//   the run was filed.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attorney_bar_numbers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('state_bar_number', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('county_courts')
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('court_name', 'text', (c) => c.notNull())
    .addColumn('e_filing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('courthouses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('prosecutor_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('prosecutor_address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('probation_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('probation_address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('county_courts_pk', ['office_id', 'county'])
    .execute();

  await db.schema
    .createTable('petition_declarations')
    .addColumn('petition_id', 'text', (c) => c.primaryKey().references('petitions.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('rehabilitation', 'text', (c) => c.notNull())
    .addColumn('employment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('community_ties', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('other_reasons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .alterTable('document_requests')
    .addColumn('packet_petition_id', 'text', (c) => c.references('petitions.id'))
    .execute();

  await db.schema
    .createTable('petition_packets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('petition_id', 'text', (c) => c.notNull().references('petitions.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('document_files.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('attorney_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('prepared_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('prepared_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('petition_packets_version', ['petition_id', 'version'])
    .execute();

  await db.schema
    .createTable('filing_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('court_name', 'text', (c) => c.notNull())
    .addColumn('e_filing', 'integer', (c) => c.notNull())
    .addColumn('petition_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text')
    .addColumn('served_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createIndex('filing_runs_office_county')
    .on('filing_runs')
    .columns(['office_id', 'county', 'created_at'])
    .execute();

  await db.schema
    .createTable('filing_run_petitions')
    .addColumn('run_id', 'text', (c) => c.notNull().references('filing_runs.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('petition_id', 'text', (c) => c.notNull().references('petitions.id'))
    .addColumn('packet_id', 'text', (c) => c.notNull().references('petition_packets.id'))
    .addPrimaryKeyConstraint('filing_run_petitions_pk', ['run_id', 'position'])
    .addUniqueConstraint('filing_run_petitions_once', ['run_id', 'petition_id'])
    .execute();
  await db.schema
    .createIndex('filing_run_petitions_petition')
    .on('filing_run_petitions')
    .column('petition_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('filing_run_petitions').execute();
  await db.schema.dropTable('filing_runs').execute();
  await db.schema.dropTable('petition_packets').execute();
  await db.schema.dropTable('petition_declarations').execute();
  await db.schema.alterTable('document_requests').dropColumn('packet_petition_id').execute();
  await db.schema.dropTable('county_courts').execute();
  await db.schema.dropTable('attorney_bar_numbers').execute();
}
