// More counts kept as the records change, so the dashboard's windows (12 weeks of referrals received
// by who sent them, first-contact times and petitions filed; 6 weeks of open matters per person)
// read at most a few rows per day instead of every matter and petition of the window, however many
// the office holds:
//
// - received_days: matters per office, day received and referral source.
// - open_received_days: open matters per office, day received and assignee ('' for none).
// - first_contact_days: matters per office and day received by California days to the first
//   message or call (contacted 0, days 0: not yet), leaving out matters referred out before anyone
//   here contacted the person (never this office's to contact).
// - filed_days: petitions per office and day filed.
//
// Kept by triggers in the same transaction as every change of a matter or petition, whichever code
// makes it (as 0023's and 0026's counts are).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export type Of = 'new' | 'old';

// The California day of a stored UTC instant, word for word as migration 0023 keeps the days to first
// contact (frozen here: a migration does not read another's code).
const sqliteCaliforniaDay = (instant: string) =>
  `date(${instant}, case when ${instant} >= strftime('%Y-%m-%dT10:00:00', date(strftime('%Y', ${instant}) || '-03-01', 'weekday 0', '+7 days')) and ${instant} < strftime('%Y-%m-%dT09:00:00', date(strftime('%Y', ${instant}) || '-11-01', 'weekday 0')) then '-7 hours' else '-8 hours' end)`;
/** Whole California days from the day received to the first contact; 0 when there is none. */
const contactDays = (of: Of, postgres: boolean) => {
  const at = `${of}.first_client_contact_at`;
  return postgres
    ? `coalesce((${at}::timestamptz at time zone 'America/Los_Angeles')::date - ${of}.received_on::date, 0)`
    : `coalesce(cast(julianday(${sqliteCaliforniaDay(at)}) - julianday(${of}.received_on) as integer), 0)`;
};

/** A kept table, the row's key columns as they are written from a row, and when a row counts. */
export interface Kept {
  table: string;
  on: string;
  key: string[];
  from: (of: Of) => string[];
  counts: (of: Of) => string;
  /** The columns that place a row in its count: an update of no other fires the trigger. */
  columns: string[];
  /**
   * Also fire on updates of these: on PostgreSQL the first contact is filled in by a trigger before
   * an update of the last contact (0006), so that update never names it.
   */
  alsoOn?: string[];
}

const keptTables = (postgres: boolean): Kept[] => [
  {
    table: 'received_days',
    on: 'matters',
    key: ['office_id', 'day', 'referral_source'],
    from: (of) => [`${of}.office_id`, `${of}.received_on`, `${of}.referral_source`],
    counts: () => 'true',
    columns: ['office_id', 'received_on', 'referral_source'],
  },
  {
    table: 'open_received_days',
    on: 'matters',
    key: ['office_id', 'day', 'assignee_id'],
    from: (of) => [`${of}.office_id`, `${of}.received_on`, `coalesce(${of}.assignee_id, '')`],
    counts: (of) => `${of}.closed_at is null`,
    columns: ['office_id', 'received_on', 'assignee_id', 'closed_at'],
  },
  {
    table: 'first_contact_days',
    on: 'matters',
    key: ['office_id', 'day', 'contacted', 'days'],
    from: (of) => [
      `${of}.office_id`,
      `${of}.received_on`,
      `case when ${of}.first_client_contact_at is null then 0 else 1 end`,
      contactDays(of, postgres),
    ],
    counts: (of) => `not (${of}.stage = 'referred_out' and ${of}.first_client_contact_at is null)`,
    columns: ['office_id', 'received_on', 'first_client_contact_at', 'stage'],
    alsoOn: ['last_client_contact_at'],
  },
  {
    table: 'filed_days',
    on: 'petitions',
    key: ['office_id', 'day'],
    from: (of) => [`${of}.office_id`, `${of}.filed_on`],
    counts: (of) => `${of}.filed_on is not null`,
    columns: ['office_id', 'filed_on'],
  },
];

function add(kept: Kept, of: Of, sign: 1 | -1): string {
  const key = kept.key.join(', ');
  return `insert into ${kept.table} (${key}, count) select ${kept.from(of).join(', ')}, ${sign} where ${kept.counts(of)}
    on conflict (${key}) do update set count = ${kept.table}.count + excluded.count;`;
}

const changed = (columns: string[], differ: string) =>
  columns.map((column) => `old.${column} ${differ} new.${column}`).join(' or ');

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const kept of keptTables(postgres)) await makeKept(db, kept, postgres);
}

/**
 * filed_days, made, filled and kept by its triggers. Exported for migration 0065, which drops it
 * (nothing reads it any more) and makes it again when it is migrated down.
 */
export async function filedDays(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const kept = keptTables(postgres).find((k) => k.table === 'filed_days');
  if (kept) await makeKept(db, kept, postgres);
}

/**
 * open_received_days, made, filled and kept by its triggers. Exported for migration 0069, which
 * replaces it and makes it again when it is migrated down.
 */
export async function openReceivedDays(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const kept = keptTables(postgres).find((k) => k.table === 'open_received_days');
  if (kept) await makeKept(db, kept, postgres);
}

/** A kept table made, filled from the rows it counts, and kept by its triggers (exported for 0069). */
export async function makeKept(db: AnyDb, kept: Kept, postgres: boolean): Promise<void> {
  let table = db.schema.createTable(kept.table);
  for (const column of kept.key)
    table = table.addColumn(column, ['contacted', 'days'].includes(column) ? 'integer' : 'text', (c) =>
      c.notNull(),
    );
  await table
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${kept.table}_pk`, kept.key as never[])
    .execute();
  const columns = kept.from('new').map((column) => column.replace(/\bnew\./g, ''));
  await sql
    .raw(`insert into ${kept.table} (${kept.key.join(', ')}, count)
      select ${columns.join(', ')}, count(*) from ${kept.on}
      where ${kept.counts('new').replace(/new\./g, '')} group by ${kept.key.map((_, i) => i + 1).join(', ')}`)
    .execute(db);
  const name = `${kept.table}_on_change`;
  if (postgres) {
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $$ begin
        if tg_op = 'UPDATE' then
          if not (${changed(kept.columns, 'is distinct from')}) then return null; end if;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then ${add(kept, 'old', -1)} end if;
        if tg_op in ('UPDATE', 'INSERT') then ${add(kept, 'new', 1)} end if;
        return null; end $$`)
      .execute(db);
    await sql
      .raw(`create trigger ${name} after insert or delete
        or update of ${[...kept.columns, ...(kept.alsoOn ?? [])].join(', ')}
        on ${kept.on} for each row execute function ${name}()`)
      .execute(db);
    return;
  }
  await sql
    .raw(`create trigger ${kept.table}_on_insert after insert on ${kept.on} begin ${add(kept, 'new', 1)} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger ${kept.table}_on_delete after delete on ${kept.on} begin ${add(kept, 'old', -1)} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger ${kept.table}_on_update after update of ${kept.columns.join(', ')} on ${kept.on}
      when ${changed(kept.columns, 'is not')} begin ${add(kept, 'old', -1)} ${add(kept, 'new', 1)} end`)
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const kept of keptTables(postgres)) await dropKept(db, kept, postgres);
}

/** A kept table and its triggers dropped (exported for 0069). */
export async function dropKept(
  db: AnyDb,
  kept: Pick<Kept, 'table' | 'on'>,
  postgres: boolean,
): Promise<void> {
  if (postgres) {
    await sql.raw(`drop trigger ${kept.table}_on_change on ${kept.on}`).execute(db);
    await sql.raw(`drop function ${kept.table}_on_change()`).execute(db);
  } else
    for (const on of ['insert', 'delete', 'update'])
      await sql.raw(`drop trigger ${kept.table}_on_${on}`).execute(db);
  await db.schema.dropTable(kept.table).execute();
}
