// The note written with a stage move into or out of a stage the criminal record decides ("Not
// eligible", "Awaiting court decision", "Outcome to send") is criminal history: it is now kept apart
// from the move's summary, in the event's data ({"note": ...}), which staff without the RAP sheet
// permission read as withheld. Moves recorded before kept the note in the summary, after its first
// sentence ("Moved from A to B." or "...: outcome sent."); this moves it into the data. Stage labels
// hold no ". ", so the first ". " ends the summary's own sentence.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const at = postgres ? sql`strpos(summary, '. ')` : sql`instr(summary, '. ')`;
  const note = sql`substr(summary, ${at} + 2)`;
  await sql`
    update matter_events
    set data = ${postgres ? sql`json_build_object('note', ${note})::text` : sql`json_object('note', ${note})`},
        summary = substr(summary, 1, ${at})
    where kind = 'stage_changed'
      and data = '{}'
      and ${at} > 0
      and (to_stage in ('not_eligible', 'awaiting_decision', 'outcome_to_send')
           or from_stage in ('not_eligible', 'awaiting_decision', 'outcome_to_send'))
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Only data this migration wrote is read as JSON: a row whose data is not JSON is left alone.
  const read = postgres ? sql`data::json ->> 'note'` : sql`json_extract(data, '$.note')`;
  const note = sql`(case when data like '{"note"%' then ${read} end)`;
  await sql`
    update matter_events
    set summary = summary || ' ' || ${note}, data = '{}'
    where kind = 'stage_changed' and ${note} is not null
  `.execute(db);
}
