// Three kept counts nothing reads any more: court_outcome_days (0026, 0031: outcomes per conviction),
// filed_days (0029: petitions per day filed) and petition_status_counts (0035: petitions per status).
// The dashboard counts matters, not petitions or convictions: the court's outcomes from 0039's kept
// counts, the matters filed and pending from the petitions' own indexes. Their triggers still ran on
// every write of a petition, its convictions and its arrest. Dropped with their triggers (and, with the tables, their
// closed-set checks). Going down makes them again, filled from the records, by the code that made them.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { courtOutcomeDays } from './0026_court_outcome_and_touch_days.ts';
import { addClosedSetChecks, CLOSED_SETS } from './0027_closed_set_checks.ts';
import { filedDays } from './0029_received_open_contact_and_filed_days.ts';
import { up as arrestOutcomeDays } from './0031_arrest_outcome_days.ts';
import { up as petitionStatusCounts } from './0035_petition_status_counts.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

/** Each dropped table's triggers: on SQLite each name has _on_insert, _on_delete and _on_update. */
const TRIGGERS: [name: string, on: string][] = [
  ['petition_outcomes', 'petitions'],
  ['conviction_outcome', 'petition_convictions'],
  ['petition_arrest_outcome', 'petitions'],
  ['arrest_outcome', 'petition_arrests'],
  ['filed_days', 'petitions'],
  ['petition_status_counts', 'petitions'],
];
export const DROPPED_TABLES = ['court_outcome_days', 'filed_days', 'petition_status_counts'];

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [name, on] of TRIGGERS)
    if (postgres) {
      await sql.raw(`drop trigger ${name}_on_change on ${on}`).execute(db);
      await sql.raw(`drop function ${name}_on_change()`).execute(db);
    } else
      for (const event of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger ${name}_on_${event}`).execute(db);
  for (const table of DROPPED_TABLES) await db.schema.dropTable(table).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await courtOutcomeDays(db);
  await addClosedSetChecks(db, { court_outcome_days: CLOSED_SETS.court_outcome_days ?? {} });
  await arrestOutcomeDays(db);
  await filedDays(db);
  await petitionStatusCounts(db);
}
