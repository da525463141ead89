// Two more counts kept as the records change, so the dashboard reads a few rows per day instead of
// a range of petitions or timeline events that grows with the office:
//
// - court_outcome_days: the court's outcomes per conviction (granted, denied, ...) of decided
//   petitions, per office, outcome and the day decided. The dashboard's 12 weeks of court outcomes
//   add up at most 84 days.
// - latest_touch_days: per office, person and California day, how many matters that person last
//   worked on (a timeline event of theirs) that day. A matter the person worked on in the last 7
//   days has its latest day among them, once, so "touched this week" adds up 7 days per person.
//
// Kept by triggers in the same transaction as every change of a petition, its convictions' outcomes
// or a timeline event, whichever code makes it (as 0023's counts are).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

// The California day of a stored UTC instant, word for word as migration 0023 keeps stage moves by
// day (frozen here: a migration does not read another's code).
const sqliteCaliforniaDay = (instant: string) =>
  `date(${instant}, case when ${instant} >= strftime('%Y-%m-%dT10:00:00', date(strftime('%Y', ${instant}) || '-03-01', 'weekday 0', '+7 days')) and ${instant} < strftime('%Y-%m-%dT09:00:00', date(strftime('%Y', ${instant}) || '-11-01', 'weekday 0')) then '-7 hours' else '-8 hours' end)`;
const postgresCaliforniaDay = (instant: string) =>
  `to_char(${instant}::timestamptz at time zone 'America/Los_Angeles', 'YYYY-MM-DD')`;

const OUTCOME_KEY = 'office_id, outcome, day';
const TOUCH_KEY = 'office_id, actor_id, day';

type Of = 'new' | 'old';

/** Adds rows of (key..., count) to a kept table; on PostgreSQL in key order, so two writers lock alike. */
function upsert(table: string, key: string, select: string, postgres: boolean): string {
  const rows = postgres ? `select * from (${select}) as d order by 1, 2, 3` : select;
  return `insert into ${table} (${key}, count) ${rows}
    on conflict (${key}) do update set count = ${table}.count + excluded.count;`;
}

// A petition counts its convictions' outcomes when it is decided on a day.
const decided = (of: string) => `${of}.status = 'decided' and ${of}.decided_on is not null`;

/** The outcomes of one petition row (old or new), added (+1) or taken off (-1). */
const petitionOutcomes = (of: Of, sign: 1 | -1, postgres: boolean) =>
  upsert(
    'court_outcome_days',
    OUTCOME_KEY,
    `select ${of}.office_id, pc.outcome, ${of}.decided_on, ${sign} * count(*) from petition_convictions pc
      where pc.petition_id = ${of}.id and pc.outcome is not null and ${decided(of)} group by pc.outcome`,
    postgres,
  );

/** One conviction's outcome row (old or new), added or taken off, by its petition as it stands. */
const convictionOutcome = (of: Of, sign: 1 | -1, postgres: boolean) =>
  upsert(
    'court_outcome_days',
    OUTCOME_KEY,
    `select p.office_id, ${of}.outcome, p.decided_on, ${sign} from petitions p
      where p.id = ${of}.petition_id and ${of}.outcome is not null and ${decided('p')}`,
    postgres,
  );

/** The latest time the event's person worked on its matter, the event itself left out. */
const otherTouches = (of: Of) => `(select max(occurred_at) as at from matter_events
  where matter_id = ${of}.matter_id and actor_id = ${of}.actor_id and office_id = ${of}.office_id
    and id <> ${of}.id) t`;

/**
 * An event arrives (new) or leaves (old): the matter's latest day for the person moves when no other
 * event of theirs on it reaches that day. Arriving, a later day replaces the earlier one; leaving,
 * the latest of the others (if any) replaces the event's day.
 */
function touch(of: Of, day: (instant: string) => string, postgres: boolean): string {
  const own = day(`${of}.occurred_at`);
  const later = `(t.at is null or ${day('t.at')} < ${own})`;
  const actor = `${of}.actor_id is not null`;
  const add = (what: string, sign: 1 | -1, where: string) =>
    upsert(
      'latest_touch_days',
      TOUCH_KEY,
      `select ${of}.office_id, ${of}.actor_id, ${what}, ${sign} from ${otherTouches(of)} where ${actor} and ${where}`,
      postgres,
    );
  return of === 'new'
    ? `${add(day('t.at'), -1, `t.at is not null and ${later}`)} ${add(own, 1, later)}`
    : `${add(own, -1, later)} ${add(day('t.at'), 1, `t.at is not null and ${later}`)}`;
}

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const day = postgres ? postgresCaliforniaDay : sqliteCaliforniaDay;
  await courtOutcomeDays(db);
  await db.schema
    .createTable('latest_touch_days')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('latest_touch_days_pk', ['office_id', 'actor_id', 'day'])
    .execute();
  // The dashboard reads a window of days for every person at once.
  await sql`create index latest_touch_days_window on latest_touch_days (office_id, day, actor_id, count)`.execute(
    db,
  );
  await sql
    .raw(`insert into latest_touch_days (${TOUCH_KEY}, count)
      select office_id, actor_id, ${day('at')}, count(*) from (
        select office_id, actor_id, matter_id, max(occurred_at) as at from matter_events
        where actor_id is not null group by 1, 2, 3) latest
      group by 1, 2, 3`)
    .execute(db);
  await makeTriggers(db, postgres, (name) => !keepsOutcomes(name));
}

/** The triggers that keep court_outcome_days (the others keep latest_touch_days). */
const keepsOutcomes = (name: string) => !name.startsWith('latest_touch');

/**
 * court_outcome_days, made, filled and kept by its triggers. Exported for migration 0065, which drops
 * it (nothing reads it any more) and makes it again when it is migrated down.
 */
export async function courtOutcomeDays(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('court_outcome_days')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('court_outcome_days_pk', ['office_id', 'outcome', 'day'])
    .execute();
  await sql
    .raw(`insert into court_outcome_days (${OUTCOME_KEY}, count)
      select p.office_id, pc.outcome, p.decided_on, count(*) from petitions p
      join petition_convictions pc on pc.petition_id = p.id
      where ${decided('p')} and pc.outcome is not null group by 1, 2, 3`)
    .execute(db);
  await makeTriggers(db, postgres, keepsOutcomes);
}

const makeTriggers = (db: AnyDb, postgres: boolean, which: (name: string) => boolean) =>
  postgres ? postgresTriggers(db, which) : sqliteTriggers(db, which);

/** Whether an update moves a row to other counts ("is not" is SQLite's "is distinct from"). */
const changed = (columns: string[], differ: string) =>
  columns.map((column) => `old.${column} ${differ} new.${column}`).join(' or ');
const PETITION_COLUMNS = ['office_id', 'status', 'decided_on'];
const OUTCOME_COLUMNS = ['petition_id', 'outcome'];
const EVENT_COLUMNS = ['office_id', 'matter_id', 'actor_id', 'occurred_at'];

async function sqliteTriggers(db: AnyDb, which: (name: string) => boolean): Promise<void> {
  const day = sqliteCaliforniaDay;
  const triggers: [string, string, string, string][] = [
    ['petition_outcomes_on_insert', 'insert on petitions', '', petitionOutcomes('new', 1, false)],
    ['petition_outcomes_on_delete', 'delete on petitions', '', petitionOutcomes('old', -1, false)],
    [
      'petition_outcomes_on_update',
      `update of ${PETITION_COLUMNS.join(', ')} on petitions`,
      changed(PETITION_COLUMNS, 'is not'),
      `${petitionOutcomes('old', -1, false)} ${petitionOutcomes('new', 1, false)}`,
    ],
    [
      'conviction_outcome_on_insert',
      'insert on petition_convictions',
      '',
      convictionOutcome('new', 1, false),
    ],
    [
      'conviction_outcome_on_delete',
      'delete on petition_convictions',
      '',
      convictionOutcome('old', -1, false),
    ],
    [
      'conviction_outcome_on_update',
      `update of ${OUTCOME_COLUMNS.join(', ')} on petition_convictions`,
      changed(OUTCOME_COLUMNS, 'is not'),
      `${convictionOutcome('old', -1, false)} ${convictionOutcome('new', 1, false)}`,
    ],
    [
      'latest_touch_on_insert',
      'insert on matter_events',
      'new.actor_id is not null',
      touch('new', day, false),
    ],
    [
      'latest_touch_on_delete',
      'delete on matter_events',
      'old.actor_id is not null',
      touch('old', day, false),
    ],
    [
      'latest_touch_on_update',
      `update of ${EVENT_COLUMNS.join(', ')} on matter_events`,
      changed(EVENT_COLUMNS, 'is not'),
      `${touch('old', day, false)} ${touch('new', day, false)}`,
    ],
  ];
  for (const [name, on, when, body] of triggers.filter(([name]) => which(name)))
    await sql
      .raw(`create trigger ${name} after ${on} ${when ? `when ${when}` : ''} begin ${body} end`)
      .execute(db);
}

async function postgresTriggers(db: AnyDb, which: (name: string) => boolean): Promise<void> {
  const day = postgresCaliforniaDay;
  const functions: [string, string, string[], string, string][] = [
    [
      'petition_outcomes_on_change',
      'petitions',
      PETITION_COLUMNS,
      petitionOutcomes('old', -1, true),
      petitionOutcomes('new', 1, true),
    ],
    [
      'conviction_outcome_on_change',
      'petition_convictions',
      OUTCOME_COLUMNS,
      convictionOutcome('old', -1, true),
      convictionOutcome('new', 1, true),
    ],
    [
      'latest_touch_on_change',
      'matter_events',
      EVENT_COLUMNS,
      touch('old', day, true),
      touch('new', day, true),
    ],
  ];
  for (const [name, table, columns, leave, arrive] of functions.filter(([name]) => which(name))) {
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $$ begin
        if tg_op = 'UPDATE' then
          if not (${changed(columns, 'is distinct from')}) then return null; end if;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then ${leave} end if;
        if tg_op in ('UPDATE', 'INSERT') then ${arrive} end if;
        return null; end $$`)
      .execute(db);
    await sql
      .raw(`create trigger ${name} after insert or delete or update of ${columns.join(', ')}
        on ${table} for each row execute function ${name}()`)
      .execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    for (const [name, table] of [
      ['petition_outcomes_on_change', 'petitions'],
      ['conviction_outcome_on_change', 'petition_convictions'],
      ['latest_touch_on_change', 'matter_events'],
    ]) {
      await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
      await sql.raw(`drop function ${name}()`).execute(db);
    }
  } else {
    for (const kept of ['petition_outcomes', 'conviction_outcome', 'latest_touch'])
      for (const on of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger ${kept}_on_${on}`).execute(db);
  }
  await db.schema.dropTable('latest_touch_days').execute();
  await db.schema.dropTable('court_outcome_days').execute();
}
