// Two counts that grew with the office, made flat (issue 18):
//
// - open_contact_days (0032) is kept per referral source too: open matters per office, California day
//   of the last contact (the day received when there has been none) and source. A view of "needs
//   client update" limited to some sources ("from partners") was counted by reading the queue's index
//   up to the count's bound and each matter's row for its source: about 8,000 rows spread over the
//   whole table at 1,000,000 matters (5.5 -> 32.5 ms from 100,000). It now adds up the kept days
//   before its cutoff of those sources, as the queue's own count does of all of them: a row per day
//   and source, however many matters each holds (at most the days of the years the office has open
//   matters from, for each source: 233 -> 677 rows for partners from 100,000 to 1,000,000 matters). Kept by triggers in the same transaction as
//   every change of a matter, as 0032's are; the table is made again with its new key and filled.
// - petitions_matter (0002, the matter's petitions) holds what a drill-down by the court's decision
//   checks on a matter's other petitions (status, day decided, office, id), so "no later decision of
//   this matter in the span" is read from the index alone, not from each petition's row spread over
//   the table (the count of "relief granted in 12 weeks", up to its bound: 12.2 -> 5.0 ms of SQL at
//   1,000,000 matters, 3.9 -> 1.9 ms at 100,000).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

type Of = 'new' | 'old';

const TABLE = 'open_contact_days';

/** The instant of the last contact, or of the day received when there has been none (0032's). */
const contactInstant = (of: Of) =>
  `coalesce(${of}.last_client_contact_at, ${of}.received_on || 'T12:00:00.000Z')`;

// The California day of a stored UTC instant, word for word as 0032 writes it (frozen here).
const sqliteCaliforniaDay = (instant: string) =>
  `date(${instant}, case when ${instant} >= strftime('%Y-%m-%dT10:00:00', date(strftime('%Y', ${instant}) || '-03-01', 'weekday 0', '+7 days')) and ${instant} < strftime('%Y-%m-%dT09:00:00', date(strftime('%Y', ${instant}) || '-11-01', 'weekday 0')) then '-7 hours' else '-8 hours' end)`;
const postgresCaliforniaDay = (instant: string) =>
  `to_char((${instant})::timestamptz at time zone 'America/Los_Angeles', 'YYYY-MM-DD')`;

/** The table's shape with or without the source: its key, the key written from a row, and the columns that move a row. */
function shapeOf(postgres: boolean, bySource: boolean) {
  const day = (of: Of) => (postgres ? postgresCaliforniaDay : sqliteCaliforniaDay)(contactInstant(of));
  return {
    // By source, the source before the day: a view limited to sources reads their days alone.
    key: bySource ? ['office_id', 'referral_source', 'day'] : ['office_id', 'day'],
    from: (of: Of) =>
      bySource ? [`${of}.office_id`, `${of}.referral_source`, day(of)] : [`${of}.office_id`, day(of)],
    columns: [
      'office_id',
      'last_client_contact_at',
      'received_on',
      'closed_at',
      ...(bySource ? ['referral_source'] : []),
    ],
  };
}

type Shape = ReturnType<typeof shapeOf>;

const counts = (of: Of) => `${of}.closed_at is null`;

/** One row's count (old or new), added or taken off, as a select of the key and the change. */
const change = (shape: Shape, of: Of, sign: 1 | -1) =>
  `select ${shape.from(of).join(', ')}, ${sign} where ${counts(of)}`;

const upsert = (shape: Shape, rows: string) => {
  const key = shape.key.join(', ');
  return `insert into ${TABLE} (${key}, count) ${rows}
    on conflict (${key}) do update set count = ${TABLE}.count + excluded.count;`;
};

/** Whether an update may move the matter to other counts ("is not" is SQLite's "is distinct from"). */
const changed = (columns: string[], differ: string) =>
  columns.map((column) => `old.${column} ${differ} new.${column}`).join(' or ');

async function dropKept(db: AnyDb, postgres: boolean): Promise<void> {
  if (postgres) {
    await sql.raw(`drop trigger ${TABLE}_on_change on matters`).execute(db);
    await sql.raw(`drop function ${TABLE}_on_change()`).execute(db);
  } else
    for (const on of ['insert', 'delete', 'update'])
      await sql.raw(`drop trigger ${TABLE}_on_${on}`).execute(db);
  await db.schema.dropTable(TABLE).execute();
}

/** Makes the table in the shape, fills it from the matters and keeps it by triggers (as 0032 does). */
async function createKept(db: AnyDb, postgres: boolean, shape: Shape): Promise<void> {
  let table = db.schema.createTable(TABLE);
  for (const column of shape.key) table = table.addColumn(column, 'text', (c) => c.notNull());
  await table
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${TABLE}_pk`, shape.key as never[])
    .execute();
  const columns = shape.from('new').map((column) => column.replace(/\bnew\./g, ''));
  await sql
    .raw(`insert into ${TABLE} (${shape.key.join(', ')}, count)
      select ${columns.join(', ')}, count(*) from matters
      where ${counts('new').replace(/\bnew\./g, '')} group by ${shape.key.map((_, i) => i + 1).join(', ')}`)
    .execute(db);
  const name = `${TABLE}_on_change`;
  if (postgres) {
    // An update's two rows in one statement, in key order, netted per key (0032's reasons).
    const key = shape.key.map((_, i) => i + 1).join(', ');
    const names = shape.key.map((_, i) => `k${i}`).join(', ');
    const moved = `select ${names}, sum(d) from (
        ${change(shape, 'old', -1)} union all ${change(shape, 'new', 1)}
      ) as m(${names}, d) group by ${key} having sum(d) <> 0 order by ${key}`;
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $$ begin
        if tg_op = 'INSERT' then ${upsert(shape, change(shape, 'new', 1))}
        elsif tg_op = 'DELETE' then ${upsert(shape, change(shape, 'old', -1))}
        elsif ${changed(shape.columns, 'is distinct from')} then ${upsert(shape, moved)}
        end if;
        return null; end $$`)
      .execute(db);
    await sql
      .raw(`create trigger ${name} after insert or delete or update of ${shape.columns.join(', ')}
        on matters for each row execute function ${name}()`)
      .execute(db);
    return;
  }
  await sql
    .raw(
      `create trigger ${TABLE}_on_insert after insert on matters begin ${upsert(shape, change(shape, 'new', 1))} end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger ${TABLE}_on_delete after delete on matters begin ${upsert(shape, change(shape, 'old', -1))} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger ${TABLE}_on_update after update of ${shape.columns.join(', ')} on matters
      when ${changed(shape.columns, 'is not')}
      begin ${upsert(shape, change(shape, 'old', -1))} ${upsert(shape, change(shape, 'new', 1))} end`)
    .execute(db);
}

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await dropKept(db, postgres);
  await createKept(db, postgres, shapeOf(postgres, true));
  await db.schema.dropIndex('petitions_matter').execute();
  await sql`create index petitions_matter on petitions (matter_id, status, decided_on, office_id, id)`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('petitions_matter').execute();
  await db.schema.createIndex('petitions_matter').on('petitions').column('matter_id').execute();
  await dropKept(db, postgres);
  await createKept(db, postgres, shapeOf(postgres, false));
}
