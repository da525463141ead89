// Filing at a courthouse, and serving the arresting agency.
//
// - county_courts.courthouses (JSON) gains, for each courthouse, a stable id and the beginnings of the
//   case numbers filed there (`casePrefixes`); existing courthouses get an id here and no beginnings.
// - petitions.courthouse_id: the courthouse chosen for a petition (null: by its case number).
// - filing_runs.courthouse_id, courthouse_name, courthouse_address: a run is for one courthouse of the
//   county's court (null and empty: the county has none in its settings), as it was when made.
// - petition_arresting_agencies: for a PC 851.91 petition, the law enforcement agency that made the
//   arrest, which is served with it.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  const courts = await db
    .selectFrom('county_courts')
    .select(['office_id', 'county', 'courthouses'])
    .execute();
  for (const court of courts) {
    let list: unknown;
    try {
      list = JSON.parse(court.courthouses);
    } catch {
      list = [];
    }
    const courthouses = (Array.isArray(list) ? list : []).flatMap((c) =>
      c && typeof c === 'object' && typeof c.name === 'string' && typeof c.address === 'string'
        ? [{ id: randomUUID(), name: c.name, address: c.address, casePrefixes: [] }]
        : [],
    );
    await db
      .updateTable('county_courts')
      .set({ courthouses: JSON.stringify(courthouses) })
      .where('office_id', '=', court.office_id)
      .where('county', '=', court.county)
      .execute();
  }

  await db.schema.alterTable('petitions').addColumn('courthouse_id', 'text').execute();
  await db.schema.alterTable('filing_runs').addColumn('courthouse_id', 'text').execute();
  await db.schema
    .alterTable('filing_runs')
    .addColumn('courthouse_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('filing_runs')
    .addColumn('courthouse_address', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('filing_runs_office_county_courthouse')
    .on('filing_runs')
    .columns(['office_id', 'county', 'courthouse_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('petition_arresting_agencies')
    .addColumn('petition_id', 'text', (c) => c.primaryKey().references('petitions.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('petition_arresting_agencies').execute();
  await db.schema.dropIndex('filing_runs_office_county_courthouse').execute();
  await db.schema.alterTable('filing_runs').dropColumn('courthouse_address').execute();
  await db.schema.alterTable('filing_runs').dropColumn('courthouse_name').execute();
  await db.schema.alterTable('filing_runs').dropColumn('courthouse_id').execute();
  await db.schema.alterTable('petitions').dropColumn('courthouse_id').execute();
}
