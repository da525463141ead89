// Stage moves as columns of the matter's events, so the dashboard's weekly throughput (eligibility
// decided, outcomes sent) is an index range instead of a search through every event's JSON details;
// the petitions' status index carries the matter, so a court-outcome drill-down reads it alone; the
// first-contact index carries the stage; and matters referred out at intake get the closing time
// every other closed stage has.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('matter_events').addColumn('from_stage', 'text').execute();
  await db.schema.alterTable('matter_events').addColumn('to_stage', 'text').execute();
  // Moves recorded before this migration kept the stages in their details only. Details that are not
  // JSON, or lack either stage, are left as they were (PostgreSQL 15 has no safe JSON cast, so it
  // reads the two values with a pattern instead of parsing).
  if (postgres)
    await sql`update matter_events set
        from_stage = substring(data from '"from"\s*:\s*"([a-z_]+)"'),
        to_stage = substring(data from '"to"\s*:\s*"([a-z_]+)"')
      where kind = 'stage_changed'
        and data ~ '"from"\s*:\s*"[a-z_]+"' and data ~ '"to"\s*:\s*"[a-z_]+"'`.execute(db);
  else
    await sql`update matter_events set from_stage = json_extract(data, '$.from'), to_stage = json_extract(data, '$.to')
      where kind = 'stage_changed' and json_valid(data)
        and json_extract(data, '$.from') is not null and json_extract(data, '$.to') is not null`.execute(db);
  await sql`update matter_events set data = '{}' where from_stage is not null and to_stage is not null`.execute(
    db,
  );
  // Ends in the matter, so counting distinct matters per week reads the index alone.
  await sql`create index matter_events_stage_moves on matter_events (office_id, from_stage, to_stage, occurred_at, matter_id)
    where from_stage is not null`.execute(db);
  // Matters referred out when their referral was recorded were left without a closing time, so they
  // counted as open on the dashboard and in the open-only queues.
  await sql`update matters set closed_at = created_at where stage = 'referred_out' and closed_at is null`.execute(
    db,
  );
  await db.schema.dropIndex('petitions_office_status_decided').execute();
  await db.schema
    .createIndex('petitions_office_status_decided')
    .on('petitions')
    .columns(['office_id', 'status', 'decided_on', 'id', 'matter_id'])
    .execute();
  // First contact leaves out matters referred out (never this office's to contact): the stage joins
  // the index so the dashboard still reads it alone.
  await db.schema.dropIndex('matters_office_first_contact').execute();
  await db.schema
    .createIndex('matters_office_first_contact')
    .on('matters')
    .columns(['office_id', 'received_on', 'first_client_contact_at', 'stage'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('matters_office_first_contact').execute();
  await db.schema
    .createIndex('matters_office_first_contact')
    .on('matters')
    .columns(['office_id', 'received_on', 'first_client_contact_at'])
    .execute();
  await db.schema.dropIndex('petitions_office_status_decided').execute();
  await db.schema
    .createIndex('petitions_office_status_decided')
    .on('petitions')
    .columns(['office_id', 'status', 'decided_on', 'id'])
    .execute();
  await db.schema.dropIndex('matter_events_stage_moves').execute();
  await sql`update matter_events set data = '{"from":"' || from_stage || '","to":"' || to_stage || '"}'
    where from_stage is not null and to_stage is not null`.execute(db);
  await db.schema.alterTable('matter_events').dropColumn('to_stage').execute();
  await db.schema.alterTable('matter_events').dropColumn('from_stage').execute();
}
