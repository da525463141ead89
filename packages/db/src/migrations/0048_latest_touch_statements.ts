// latest_touch_days (0026) counts, per office, person and California day, the matters whose latest
// event of that person falls on the day. On PostgreSQL its row trigger went wrong twice:
//
// - Several events of one person on one matter written by one statement (the demo seed writes its
//   timeline in chunks): PostgreSQL fires row triggers after the whole statement, so each row saw the
//   statement's other rows as "other touches" and took a day off that was never counted (days went
//   below zero, "worked on this week" fell short of its own drill-down).
// - Two transactions adding an event of one person to one matter at once: each read the latest other
//   event without the other's, and both took the earlier day off.
//
// On PostgreSQL the count is now kept per statement, from its transition tables: for each matter and
// person the statement touched, the latest day before it (the events it did not write, and those it
// removed) and after it, under a lock per person held to the transaction's end, so a second writer
// reads the first's event once it is committed (READ COMMITTED: each statement of the function reads
// what is committed when it starts). One lock per person, not per matter: an office's whole import
// in one transaction would otherwise take a lock per matter and run out of lock memory. Then the
// table is counted again from the events, which mends what the old trigger got wrong. SQLite fires
// row triggers as each row is written, one writer at a time: its triggers were right and stay.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

// The California day of a stored UTC instant, as 0026 keeps it (frozen here).
const californiaDay = (instant: string) =>
  `to_char(${instant}::timestamptz at time zone 'America/Los_Angeles', 'YYYY-MM-DD')`;

/**
 * The body for one statement. `touched` lists the (office, matter, person) rows the statement wrote
 * or removed; `written` the ids it wrote (whose events are left out of "before"); `removed` the
 * events it removed (put back into "before").
 */
function keepLatestTouches(touched: string, written: string | null, removed: string | null): string {
  const latest = (where: string) => `(select max(e.occurred_at) from matter_events e
      where e.office_id = k.office_id and e.matter_id = k.matter_id and e.actor_id = k.actor_id ${where})`;
  const notWritten = written ? `and not exists (select 1 from ${written} w where w.id = e.id)` : '';
  const before = removed
    ? `greatest(${latest(notWritten)}, (select max(r.occurred_at) from ${removed} r
        where r.office_id = k.office_id and r.matter_id = k.matter_id and r.actor_id = k.actor_id))`
    : latest(notWritten);
  return `
    perform pg_advisory_xact_lock(hashtext('latest_touch_days'), hashtext(p.office_id || ' ' || p.actor_id))
      from (select distinct office_id, actor_id from (${touched}) t where actor_id is not null order by 1, 2) p;
    with days as (
      select k.office_id, k.actor_id, ${californiaDay(before)} as before_day, ${californiaDay(latest(''))} as after_day
      from (select distinct office_id, matter_id, actor_id from (${touched}) t where actor_id is not null) k)
    insert into latest_touch_days (office_id, actor_id, day, count)
    select office_id, actor_id, day, sum(d) from (
      select office_id, actor_id, before_day as day, -1 as d from days
        where before_day is not null and before_day is distinct from after_day
      union all
      select office_id, actor_id, after_day, 1 from days
        where after_day is not null and before_day is distinct from after_day
    ) c group by 1, 2, 3 having sum(d) <> 0 order by 1, 2, 3
    on conflict (office_id, actor_id, day) do update set count = latest_touch_days.count + excluded.count;`;
}

const STATEMENT_TRIGGERS: [name: string, event: string, referencing: string, body: string][] = [
  [
    'latest_touch_on_insert',
    'insert',
    'new table as written_rows',
    keepLatestTouches('select office_id, matter_id, actor_id from written_rows', 'written_rows', null),
  ],
  [
    'latest_touch_on_delete',
    'delete',
    'old table as removed_rows',
    keepLatestTouches('select office_id, matter_id, actor_id from removed_rows', null, 'removed_rows'),
  ],
  [
    'latest_touch_on_update',
    'update',
    'old table as removed_rows new table as written_rows',
    keepLatestTouches(
      `select office_id, matter_id, actor_id from written_rows
       union select office_id, matter_id, actor_id from removed_rows`,
      'written_rows',
      'removed_rows',
    ),
  ],
];

export async function up(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger latest_touch_on_change on matter_events`.execute(db);
  await sql`drop function latest_touch_on_change()`.execute(db);
  for (const [name, event, referencing, body] of STATEMENT_TRIGGERS) {
    await sql
      .raw(
        `create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`,
      )
      .execute(db);
    await sql
      .raw(`create trigger ${name} after ${event} on matter_events referencing ${referencing}
        for each statement execute function ${name}()`)
      .execute(db);
  }
  await recount(db);
}

/** latest_touch_days counted again from the events (as 0026 first filled it). */
async function recount(db: AnyDb): Promise<void> {
  await sql`delete from latest_touch_days`.execute(db);
  await sql
    .raw(`insert into latest_touch_days (office_id, actor_id, day, count)
      select office_id, actor_id, ${californiaDay('at')}, count(*) from (
        select office_id, actor_id, matter_id, max(occurred_at) as at from matter_events
        where actor_id is not null group by 1, 2, 3) latest
      group by 1, 2, 3`)
    .execute(db);
}

// Down: 0026's row trigger, as it was written there (frozen here), and the table counted again.
const otherTouches = (of: 'new' | 'old') => `(select max(occurred_at) as at from matter_events
  where matter_id = ${of}.matter_id and actor_id = ${of}.actor_id and office_id = ${of}.office_id
    and id <> ${of}.id) t`;
function rowTouch(of: 'new' | 'old'): string {
  const own = californiaDay(`${of}.occurred_at`);
  const later = `(t.at is null or ${californiaDay('t.at')} < ${own})`;
  const add = (what: string, sign: 1 | -1, where: string) =>
    `insert into latest_touch_days (office_id, actor_id, day, count) select * from (
      select ${of}.office_id, ${of}.actor_id, ${what}, ${sign} from ${otherTouches(of)}
      where ${of}.actor_id is not null and ${where}) as d order by 1, 2, 3
    on conflict (office_id, actor_id, day) do update set count = latest_touch_days.count + excluded.count;`;
  return of === 'new'
    ? `${add(californiaDay('t.at'), -1, `t.at is not null and ${later}`)} ${add(own, 1, later)}`
    : `${add(own, -1, later)} ${add(californiaDay('t.at'), 1, `t.at is not null and ${later}`)}`;
}
const EVENT_COLUMNS = ['office_id', 'matter_id', 'actor_id', 'occurred_at'];

export async function down(db: AnyDb): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [name] of STATEMENT_TRIGGERS) {
    await sql.raw(`drop trigger ${name} on matter_events`).execute(db);
    await sql.raw(`drop function ${name}()`).execute(db);
  }
  const changed = EVENT_COLUMNS.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  await sql
    .raw(`create function latest_touch_on_change() returns trigger language plpgsql as $$ begin
      if tg_op = 'UPDATE' then
        if not (${changed}) then return null; end if;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then ${rowTouch('old')} end if;
      if tg_op in ('UPDATE', 'INSERT') then ${rowTouch('new')} end if;
      return null; end $$`)
    .execute(db);
  await sql
    .raw(`create trigger latest_touch_on_change after insert or delete or update of ${EVENT_COLUMNS.join(', ')}
      on matter_events for each row execute function latest_touch_on_change()`)
    .execute(db);
  await recount(db);
}
