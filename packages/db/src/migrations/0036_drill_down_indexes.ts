// A dashboard drill-down lists its matters most recent first by the activity's own date, read from
// that activity's index in that order (ties by matter), so its first page reads a page's worth of
// rows however sparse the span is among the office's matters:
// - stage moves by the stage left and the time (the stage moved to is checked on each row, so both
//   ends of "eligibility decided" come in one range), in place of 0008's index by both stages;
// - timeline events per person by time, and the office's by time then matter (in place of 0006's,
//   whose person came before the matter);
// - decided petitions by day then matter (in place of 0008's, whose petition id came first);
// - petitions awaiting the court by the day filed.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('matter_events_stage_moves').execute();
  await sql`create index matter_events_stage_moves_time on matter_events (office_id, from_stage, occurred_at, matter_id, to_stage)
    where from_stage is not null`.execute(db);
  await db.schema.dropIndex('matter_events_office_time').execute();
  await sql`create index matter_events_office_time on matter_events (office_id, occurred_at, matter_id, actor_id)`.execute(
    db,
  );
  await sql`create index matter_events_actor_time on matter_events (office_id, actor_id, occurred_at, matter_id)`.execute(
    db,
  );
  await db.schema.dropIndex('petitions_office_status_decided').execute();
  await sql`create index petitions_office_status_decided on petitions (office_id, status, decided_on, matter_id, id)`.execute(
    db,
  );
  await sql`create index petitions_pending_filed on petitions (office_id, (coalesce(filed_on, '')), matter_id, id)
    where status in ('filed', 'hearing_set')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('petitions_pending_filed').execute();
  await db.schema.dropIndex('petitions_office_status_decided').execute();
  await sql`create index petitions_office_status_decided on petitions (office_id, status, decided_on, id, matter_id)`.execute(
    db,
  );
  await db.schema.dropIndex('matter_events_actor_time').execute();
  await db.schema.dropIndex('matter_events_office_time').execute();
  await sql`create index matter_events_office_time on matter_events (office_id, occurred_at, actor_id, matter_id)`.execute(
    db,
  );
  await db.schema.dropIndex('matter_events_stage_moves_time').execute();
  await sql`create index matter_events_stage_moves on matter_events (office_id, from_stage, to_stage, occurred_at, matter_id)
    where from_stage is not null`.execute(db);
}
