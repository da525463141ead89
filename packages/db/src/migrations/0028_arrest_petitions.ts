// Petitions on arrests, and prosecuting agencies per county.
//
// - petition_arrests: the arrest a PC 851.91 petition asks to seal (one arrest a petition: form
//   CR-409-INFO says a separate petition is filed for each arrest), the county whose court it is filed
//   in (arrests have none of their own), and the court's outcome on it. A petition holds convictions
//   (petition_convictions) or one arrest, never both.
// - county_courts.prosecutors (JSON): prosecuting agencies besides the county's prosecutor (a city
//   attorney, for example), each with the levels of case it takes and the courthouses whose cases
//   those are: [{ id, name, address, levels, courthouseIds }]. The county's prosecutor
//   (prosecutor_name, prosecutor_address) takes every case none of them takes.
// - petitions.prosecutor_id: the prosecuting agency chosen for a petition on its packet ('county':
//   the county's prosecutor; an id of county_courts.prosecutors); null: by the settings' rule.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('petition_arrests')
    .addColumn('petition_id', 'text', (c) => c.primaryKey().references('petitions.id'))
    .addColumn('arrest_id', 'text', (c) => c.notNull().references('arrests.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('petition_arrests_arrest').on('petition_arrests').column('arrest_id').execute();
  await db.schema
    .createIndex('petition_arrests_office_county')
    .on('petition_arrests')
    .columns(['office_id', 'county'])
    .execute();
  await db.schema
    .alterTable('county_courts')
    .addColumn('prosecutors', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('petitions').addColumn('prosecutor_id', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('petitions').dropColumn('prosecutor_id').execute();
  await db.schema.alterTable('county_courts').dropColumn('prosecutors').execute();
  await db.schema.dropIndex('petition_arrests_office_county').execute();
  await db.schema.dropIndex('petition_arrests_arrest').execute();
  await db.schema.dropTable('petition_arrests').execute();
}
