// The drill-downs "relief granted" and "relief denied" list the matters with a petition decided in a
// span of days that carries the outcome (on a conviction, or on the arrest of a PC 851.91 petition),
// each matter once. court_outcome_days (0026, 0031) counts outcomes per conviction, not matters, so
// their count read the index up to its bound of 1,000, with two lookups per petition that miss the
// cache as the office grows (about 2x from 100,000 to 1,000,000 matters). Two tables kept by triggers
// in the same transaction as the change count the matters instead:
//
// - court_outcome_matters: per office, matter, outcome (granted or denied) and day decided, how many
//   outcomes of the matter's decided petitions that day carry it. A row above zero is a day the
//   matter is listed on, in a span that holds it.
// - court_outcome_matter_days: per office, outcome, day and the matter's previous such day ('' for
//   none), how many matters. A matter is in a span [from, to] exactly once at its first day in the
//   span, the one whose previous day is before `from`; so the span's matters are the rows of its
//   days whose previous day is before `from` (every first day, '' , without a `from`): a row per day
//   and previous day, however many matters each holds. Kept from court_outcome_matters by its own
//   triggers, which link a day into the matter's chain of days when its count rises above zero and
//   take it out when it falls to zero (on PostgreSQL under a lock per matter, so two transactions
//   deciding petitions of one matter link their days in turn).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

type Of = 'new' | 'old';

const MATTERS = 'court_outcome_matters';
const DAYS = 'court_outcome_matter_days';
const MATTER_KEY = ['office_id', 'matter_id', 'outcome', 'day'];
const DAY_KEY = ['office_id', 'outcome', 'day', 'previous_day'];
const OUTCOMES = `('granted', 'denied')`;

/**
 * Adds rows of (key..., change) to a table, netted per key; on PostgreSQL in key order, so two
 * writers lock alike. `select` names its columns k1, k2, ... and d (SQLite names no columns after a
 * subquery's alias).
 */
function upsert(table: string, key: string[], select: string, postgres: boolean): string {
  const names = key.map((_, i) => `k${i + 1}`).join(', ');
  const positions = key.map((_, i) => i + 1).join(', ');
  return `insert into ${table} (${key.join(', ')}, count)
    select ${names}, sum(d) from (${select}) as m where true group by ${positions}
      having sum(d) <> 0${postgres ? ` order by ${positions}` : ''}
    on conflict (${key.join(', ')}) do update set count = ${table}.count + excluded.count;`;
}

/** A row of values named k1, k2, ... and the change d. */
const row = (values: string[], change: string) =>
  `${values.map((value, i) => `${value} as k${i + 1}`).join(', ')}, ${change} as d`;

// A petition counts its outcomes when it is decided on a day (as 0026 and 0031 count them).
const decided = (of: string) => `${of}.status = 'decided' and ${of}.decided_on is not null`;

/** The granted and denied outcomes of one petition row (old or new), on its convictions and its arrest, added or taken off. */
const petitionOutcomes = (of: Of, sign: 1 | -1, postgres: boolean) =>
  upsert(
    MATTERS,
    MATTER_KEY,
    `select ${row([`${of}.office_id`, `${of}.matter_id`, 'o.outcome', `${of}.decided_on`], `${sign}`)} from (
        select outcome from petition_convictions where petition_id = ${of}.id
        union all select outcome from petition_arrests where petition_id = ${of}.id) o
      where o.outcome in ${OUTCOMES} and ${decided(of)}`,
    postgres,
  );

/** One outcome row of a conviction or an arrest (old or new), added or taken off, by its petition as it stands. */
const memberOutcome = (of: Of, sign: 1 | -1, postgres: boolean) =>
  upsert(
    MATTERS,
    MATTER_KEY,
    `select ${row(['p.office_id', 'p.matter_id', `${of}.outcome`, 'p.decided_on'], `${sign}`)} from petitions p
      where p.id = ${of}.petition_id and ${of}.outcome in ${OUTCOMES} and ${decided('p')}`,
    postgres,
  );

/** The matter's nearest other day with the outcome before (max, <) or after (min, >) the row's day. */
const nearest = (of: Of, pick: 'max' | 'min') =>
  `(select ${pick}(c.day) from ${MATTERS} c where c.office_id = ${of}.office_id and c.matter_id = ${of}.matter_id
    and c.outcome = ${of}.outcome and c.day ${pick === 'max' ? '<' : '>'} ${of}.day and c.count > 0)`;

/**
 * The row's day joins (+1) or leaves (-1) its matter's chain of days with the outcome: with p the
 * previous day ('' for none) and n the next, (day, p) comes or goes, and n follows the day instead
 * of p (or p again).
 */
const chain = (of: Of, sign: 1 | -1, postgres: boolean) => {
  const previous = `coalesce(${nearest(of, 'max')}, '')`;
  const next = `(select ${nearest(of, 'min')} as day) n where n.day is not null`;
  return upsert(
    DAYS,
    DAY_KEY,
    `select ${row([`${of}.office_id`, `${of}.outcome`, `${of}.day`, previous], `${sign}`)}
      union all select ${of}.office_id, ${of}.outcome, n.day, ${of}.day, ${sign} from ${next}
      union all select ${of}.office_id, ${of}.outcome, n.day, ${previous}, ${-sign} from ${next}`,
    postgres,
  );
};

/** Whether an update moves a row to other counts ("is not" is SQLite's "is distinct from"). */
const changed = (columns: string[], differ: string) =>
  columns.map((column) => `old.${column} ${differ} new.${column}`).join(' or ');
const PETITION_COLUMNS = ['office_id', 'matter_id', 'status', 'decided_on'];
const MEMBER_COLUMNS = ['petition_id', 'outcome'];

/** The tables whose rows move the counts, with the columns that do and the count of one row. */
const SOURCES: [string, string, string[], (of: Of, sign: 1 | -1, postgres: boolean) => string][] = [
  ['petition', 'petitions', PETITION_COLUMNS, petitionOutcomes],
  ['conviction', 'petition_convictions', MEMBER_COLUMNS, memberOutcome],
  ['arrest', 'petition_arrests', MEMBER_COLUMNS, memberOutcome],
];

/** The counts as the petitions hold them: the matters' days, then the chains of those days. */
const RECOUNT_MATTERS = `select p.office_id, p.matter_id, o.outcome, p.decided_on, count(*) from petitions p
  join (select petition_id, outcome from petition_convictions
    union all select petition_id, outcome from petition_arrests) o on o.petition_id = p.id
  where ${decided('p')} and o.outcome in ${OUTCOMES} group by 1, 2, 3, 4`;
const RECOUNT_DAYS = `select office_id, outcome, day, previous_day, count(*) from (
    select office_id, outcome, day, coalesce(lag(day) over (
      partition by office_id, matter_id, outcome order by day), '') as previous_day
    from ${MATTERS} where count > 0) chained
  group by 1, 2, 3, 4`;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable(MATTERS)
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql.raw(`outcome in ${OUTCOMES}`)))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${MATTERS}_pk`, MATTER_KEY as never[])
    .execute();
  await db.schema
    .createTable(DAYS)
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql.raw(`outcome in ${OUTCOMES}`)))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('previous_day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${DAYS}_pk`, DAY_KEY as never[])
    .execute();
  // Filled before the triggers are made: the chains from the days, not day by day.
  await sql.raw(`insert into ${MATTERS} (${MATTER_KEY.join(', ')}, count) ${RECOUNT_MATTERS}`).execute(db);
  await sql.raw(`insert into ${DAYS} (${DAY_KEY.join(', ')}, count) ${RECOUNT_DAYS}`).execute(db);
  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function sqliteTriggers(db: AnyDb): Promise<void> {
  const triggers: [string, string, string, string][] = [];
  for (const [name, table, columns, outcomes] of SOURCES)
    triggers.push(
      [`${name}_outcome_matters_on_insert`, `insert on ${table}`, '', outcomes('new', 1, false)],
      [`${name}_outcome_matters_on_delete`, `delete on ${table}`, '', outcomes('old', -1, false)],
      [
        `${name}_outcome_matters_on_update`,
        `update of ${columns.join(', ')} on ${table}`,
        changed(columns, 'is not'),
        `${outcomes('old', -1, false)} ${outcomes('new', 1, false)}`,
      ],
    );
  // A matter's day is in its chain while its count is above zero.
  triggers.push(
    [`${MATTERS}_on_insert`, `insert on ${MATTERS}`, 'new.count > 0', chain('new', 1, false)],
    [`${MATTERS}_on_delete`, `delete on ${MATTERS}`, 'old.count > 0', chain('old', -1, false)],
    [
      `${MATTERS}_on_rise`,
      `update of count on ${MATTERS}`,
      'old.count <= 0 and new.count > 0',
      chain('new', 1, false),
    ],
    [
      `${MATTERS}_on_fall`,
      `update of count on ${MATTERS}`,
      'old.count > 0 and new.count <= 0',
      chain('old', -1, false),
    ],
  );
  for (const [name, on, when, body] of triggers)
    await sql
      .raw(`create trigger ${name} after ${on} ${when ? `when ${when}` : ''} begin ${body} end`)
      .execute(db);
}

/** The lock a matter's chain is changed under: one per matter, held to the transaction's end. */
const chainLock = (of: Of) =>
  `perform pg_advisory_xact_lock(hashtext('${DAYS}'), hashtext(${of}.matter_id));`;

async function postgresTriggers(db: AnyDb): Promise<void> {
  for (const [name, table, columns, outcomes] of SOURCES) {
    const fn = `${name}_outcome_matters_on_change`;
    await sql
      .raw(`create function ${fn}() returns trigger language plpgsql as $$ begin
        if tg_op = 'UPDATE' then
          if not (${changed(columns, 'is distinct from')}) then return null; end if;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then ${outcomes('old', -1, true)} end if;
        if tg_op in ('UPDATE', 'INSERT') then ${outcomes('new', 1, true)} end if;
        return null; end $$`)
      .execute(db);
    await sql
      .raw(`create trigger ${fn} after insert or delete or update of ${columns.join(', ')}
        on ${table} for each row execute function ${fn}()`)
      .execute(db);
  }
  // A row's key never changes (the triggers above add to its count): its day joins the chain when
  // its count rises above zero and leaves when it falls to zero. Each statement reads the chain
  // afresh (read committed), after the matter's lock.
  const fn = `${MATTERS}_on_change`;
  await sql
    .raw(`create function ${fn}() returns trigger language plpgsql as $$ begin
      if tg_op = 'INSERT' then
        if new.count > 0 then ${chainLock('new')} ${chain('new', 1, true)} end if;
      elsif tg_op = 'DELETE' then
        if old.count > 0 then ${chainLock('old')} ${chain('old', -1, true)} end if;
      elsif old.count <= 0 and new.count > 0 then ${chainLock('new')} ${chain('new', 1, true)}
      elsif old.count > 0 and new.count <= 0 then ${chainLock('old')} ${chain('old', -1, true)}
      end if;
      return null; end $$`)
    .execute(db);
  await sql
    .raw(`create trigger ${fn} after insert or delete or update of count on ${MATTERS}
      for each row execute function ${fn}()`)
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    for (const [name, table] of SOURCES) {
      await sql.raw(`drop trigger ${name}_outcome_matters_on_change on ${table}`).execute(db);
      await sql.raw(`drop function ${name}_outcome_matters_on_change()`).execute(db);
    }
    await sql.raw(`drop trigger ${MATTERS}_on_change on ${MATTERS}`).execute(db);
    await sql.raw(`drop function ${MATTERS}_on_change()`).execute(db);
  } else {
    for (const [name] of SOURCES)
      for (const on of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger ${name}_outcome_matters_on_${on}`).execute(db);
    for (const on of ['insert', 'delete', 'rise', 'fall'])
      await sql.raw(`drop trigger ${MATTERS}_on_${on}`).execute(db);
  }
  await db.schema.dropTable(DAYS).execute();
  await db.schema.dropTable(MATTERS).execute();
}
