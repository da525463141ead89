// Petitions kept per office and status (petition_status_counts), so the dashboard's "pending at
// court" (filed or hearing set) reads two rows however many petitions an office has filed, instead of
// counting them. Kept by triggers in the same transaction as every change of a petition, whichever
// code makes it (as 0023's and later counts are). Its status refuses other values, as every
// closed-set column does (0027's mechanism, the list frozen here).
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const PETITION_STATUS_COUNT_SETS: ClosedSets = {
  petition_status_counts: { status: ['draft', 'filed', 'hearing_set', 'decided', 'withdrawn'] },
};

const upsert = (rows: string) => `insert into petition_status_counts (office_id, status, count) ${rows}
  on conflict (office_id, status) do update set count = petition_status_counts.count + excluded.count;`;
const one = (of: 'new' | 'old', sign: 1 | -1) => `select ${of}.office_id, ${of}.status, ${sign}`;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('petition_status_counts')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('petition_status_counts_pk', ['office_id', 'status'])
    .execute();
  await sql`insert into petition_status_counts (office_id, status, count)
    select office_id, status, count(*) from petitions group by office_id, status`.execute(db);
  await addClosedSetChecks(db, PETITION_STATUS_COUNT_SETS);
  if (postgres) {
    // An update's two rows in one statement, in key order: two petitions moving in opposite
    // directions lock the same rows in the same order, so they wait for each other, not deadlock.
    const moved = `select office_id, status, sum(d) from (${one('old', -1)} union all ${one('new', 1)})
      as m(office_id, status, d) group by office_id, status having sum(d) <> 0 order by office_id, status`;
    await sql
      .raw(`create function petition_status_counts_on_change() returns trigger language plpgsql as $$ begin
        if tg_op = 'INSERT' then ${upsert(one('new', 1))}
        elsif tg_op = 'DELETE' then ${upsert(one('old', -1))}
        elsif old.office_id is distinct from new.office_id or old.status is distinct from new.status then ${upsert(moved)}
        end if;
        return null; end $$`)
      .execute(db);
    await sql`create trigger petition_status_counts_on_change after insert or delete or update of office_id, status
      on petitions for each row execute function petition_status_counts_on_change()`.execute(db);
    return;
  }
  await sql
    .raw(
      `create trigger petition_status_counts_on_insert after insert on petitions begin ${upsert(one('new', 1))} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger petition_status_counts_on_delete after delete on petitions begin ${upsert(one('old', -1))} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger petition_status_counts_on_update after update of office_id, status on petitions
      when old.office_id is not new.office_id or old.status is not new.status
      begin ${upsert(one('old', -1))} ${upsert(one('new', 1))} end`)
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`drop trigger petition_status_counts_on_change on petitions`.execute(db);
    await sql`drop function petition_status_counts_on_change()`.execute(db);
  } else
    for (const on of ['insert', 'delete', 'update'])
      await sql.raw(`drop trigger petition_status_counts_on_${on}`).execute(db);
  await dropClosedSetChecks(db, PETITION_STATUS_COUNT_SETS);
  await db.schema.dropTable('petition_status_counts').execute();
}
