// Counts kept for the four queues whose membership matter_counts (0023) cannot tell, so that every
// queue's count reads a few rows however many matters the office holds:
//
// - open_queue_flags: open matters per office, whether anyone has opened the matter yet and whether
//   a RAP sheet is outstanding (new referrals; awaiting RAP sheet).
// - open_contact_days: open matters per office and day of the last contact with the client, the day
//   received when there has been none (needs client update: the days before its cutoff).
// - open_earliest_due_days: open matters per office and earliest day a requested document is due
//   (documents outstanding: the days before today).
//
// The contact day is the California day of the last contact (a stored UTC instant), or the day
// received when there has been none: the day a matter's row shows. The queue reads the same instant
// (the day received as its noon UTC, early morning of that day in California) against the first
// moment of its cutoff day in California, so a kept day is before the cutoff exactly when the matter
// is; the queue's index (matters_q_contact) is made again here on that instant, as it compared the
// instant's UTC text with the cutoff day, and left out contacts of a California evening. Kept by
// triggers in the same transaction as every change of a matter, whichever code makes it (as 0029's
// counts are).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

type Of = 'new' | 'old';

/** The instant of the last contact, or of the day received when there has been none. */
const contactInstant = (of: Of | '') =>
  `coalesce(${of}${of ? '.' : ''}last_client_contact_at, ${of}${of ? '.' : ''}received_on || 'T12:00:00.000Z')`;

// The California day of a stored UTC instant, word for word as 0023 and 0029 write it (frozen here).
const sqliteCaliforniaDay = (instant: string) =>
  `date(${instant}, case when ${instant} >= strftime('%Y-%m-%dT10:00:00', date(strftime('%Y', ${instant}) || '-03-01', 'weekday 0', '+7 days')) and ${instant} < strftime('%Y-%m-%dT09:00:00', date(strftime('%Y', ${instant}) || '-11-01', 'weekday 0')) then '-7 hours' else '-8 hours' end)`;
const postgresCaliforniaDay = (instant: string) =>
  `to_char((${instant})::timestamptz at time zone 'America/Los_Angeles', 'YYYY-MM-DD')`;

// The Kept shape and `changed` are 0029's, copied (frozen here: a migration does not read another's
// code); on PostgreSQL an update's two rows are written in one statement, as 0023 writes its counts.

/** A kept table over matters, the row's key columns as they are written from a row, and when a row counts. */
interface Kept {
  table: string;
  key: string[];
  from: (of: Of) => string[];
  counts: (of: Of) => string;
  /** The columns that place a row in its count: an update of no other fires the trigger. */
  columns: string[];
}

const keptTables = (postgres: boolean): Kept[] => [
  {
    table: 'open_queue_flags',
    key: ['office_id', 'opened', 'rap_sheet_outstanding'],
    from: (of) => [
      `${of}.office_id`,
      `case when ${of}.first_opened_at is null then 0 else 1 end`,
      `${of}.rap_sheet_outstanding`,
    ],
    counts: (of) => `${of}.closed_at is null`,
    columns: ['office_id', 'first_opened_at', 'rap_sheet_outstanding', 'closed_at'],
  },
  {
    table: 'open_contact_days',
    key: ['office_id', 'day'],
    from: (of) => [
      `${of}.office_id`,
      (postgres ? postgresCaliforniaDay : sqliteCaliforniaDay)(contactInstant(of)),
    ],
    counts: (of) => `${of}.closed_at is null`,
    columns: ['office_id', 'last_client_contact_at', 'received_on', 'closed_at'],
  },
  {
    table: 'open_earliest_due_days',
    key: ['office_id', 'day'],
    from: (of) => [`${of}.office_id`, `${of}.earliest_document_due_on`],
    counts: (of) => `${of}.closed_at is null and ${of}.earliest_document_due_on is not null`,
    columns: ['office_id', 'earliest_document_due_on', 'closed_at'],
  },
];

const INTEGER_COLUMNS = ['opened', 'rap_sheet_outstanding'];

/** One row's count (old or new), added or taken off, as a select of the key and the change. */
const change = (kept: Kept, of: Of, sign: 1 | -1) =>
  `select ${kept.from(of).join(', ')}, ${sign} where ${kept.counts(of)}`;

const upsert = (kept: Kept, rows: string) => {
  const key = kept.key.join(', ');
  return `insert into ${kept.table} (${key}, count) ${rows}
    on conflict (${key}) do update set count = ${kept.table}.count + excluded.count;`;
};

/** Whether an update may move the matter to other counts ("is not" is SQLite's "is distinct from"). */
const changed = (columns: string[], differ: string) =>
  columns.map((column) => `old.${column} ${differ} new.${column}`).join(' or ');

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('matters_q_contact').execute();
  await sql
    .raw(
      `create index matters_q_contact on matters (office_id, (${contactInstant('')}), id) where closed_at is null`,
    )
    .execute(db);
  for (const kept of keptTables(postgres)) {
    let table = db.schema.createTable(kept.table);
    for (const column of kept.key)
      table = table.addColumn(column, INTEGER_COLUMNS.includes(column) ? 'integer' : 'text', (c) =>
        c.notNull(),
      );
    await table
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${kept.table}_pk`, kept.key as never[])
      .execute();
    const columns = kept.from('new').map((column) => column.replace(/\bnew\./g, ''));
    await sql
      .raw(`insert into ${kept.table} (${kept.key.join(', ')}, count)
        select ${columns.join(', ')}, count(*) from matters
        where ${kept.counts('new').replace(/\bnew\./g, '')} group by ${kept.key.map((_, i) => i + 1).join(', ')}`)
      .execute(db);
    const name = `${kept.table}_on_change`;
    if (postgres) {
      // An update's two rows in one statement, in key order, netted per key: two matters moving in
      // opposite directions (a RAP sheet requested on one, received on another) lock the same rows
      // in the same order, so they wait for each other instead of deadlocking.
      const key = kept.key.map((_, i) => i + 1).join(', ');
      const moved = `select ${kept.key.map((_, i) => `k${i}`).join(', ')}, sum(d) from (
          ${change(kept, 'old', -1)} union all ${change(kept, 'new', 1)}
        ) as m(${kept.key.map((_, i) => `k${i}`).join(', ')}, d) group by ${key} having sum(d) <> 0 order by ${key}`;
      await sql
        .raw(`create function ${name}() returns trigger language plpgsql as $$ begin
          if tg_op = 'INSERT' then ${upsert(kept, change(kept, 'new', 1))}
          elsif tg_op = 'DELETE' then ${upsert(kept, change(kept, 'old', -1))}
          elsif ${changed(kept.columns, 'is distinct from')} then ${upsert(kept, moved)}
          end if;
          return null; end $$`)
        .execute(db);
      await sql
        .raw(`create trigger ${name} after insert or delete or update of ${kept.columns.join(', ')}
          on matters for each row execute function ${name}()`)
        .execute(db);
      continue;
    }
    await sql
      .raw(
        `create trigger ${kept.table}_on_insert after insert on matters begin ${upsert(kept, change(kept, 'new', 1))} end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${kept.table}_on_delete after delete on matters begin ${upsert(kept, change(kept, 'old', -1))} end`,
      )
      .execute(db);
    await sql
      .raw(`create trigger ${kept.table}_on_update after update of ${kept.columns.join(', ')} on matters
        when ${changed(kept.columns, 'is not')}
        begin ${upsert(kept, change(kept, 'old', -1))} ${upsert(kept, change(kept, 'new', 1))} end`)
      .execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('matters_q_contact').execute();
  await sql`create index matters_q_contact on matters (office_id, (coalesce(last_client_contact_at, received_on)), id) where closed_at is null`.execute(
    db,
  );
  for (const kept of keptTables(postgres)) {
    if (postgres) {
      await sql.raw(`drop trigger ${kept.table}_on_change on matters`).execute(db);
      await sql.raw(`drop function ${kept.table}_on_change()`).execute(db);
    } else
      for (const on of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger ${kept.table}_on_${on}`).execute(db);
    await db.schema.dropTable(kept.table).execute();
  }
}
