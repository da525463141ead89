// Counts kept as matters change, so the dashboard and the queue counts read a few rows instead of
// counting an office's matters: open and closed matters per stage, county and assignee
// (matter_counts), and stage moves per California day (stage_move_days) with the moves of matters
// that left one stage more than once (repeat_stage_moves: what a week's count of distinct matters
// takes off the day counts). Kept by triggers in the same transaction as every change of a matter or
// new timeline event, whichever code makes it. Also: the open-matters index carries the assignee (the
// dashboard's aging per person), and on SQLite the first-contact index holds the California days from
// referral to first contact.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const KEY = 'office_id, stage, county, assignee_id, open';

// Days from the day received to the California day of the first contact: the term the API's
// daysToFirstContact writes for SQLite, word for word (SQLite uses an expression index only then).
const sqliteCaliforniaDay = (instant: string) =>
  `date(${instant}, case when ${instant} >= strftime('%Y-%m-%dT10:00:00', date(strftime('%Y', ${instant}) || '-03-01', 'weekday 0', '+7 days')) and ${instant} < strftime('%Y-%m-%dT09:00:00', date(strftime('%Y', ${instant}) || '-11-01', 'weekday 0')) then '-7 hours' else '-8 hours' end)`;
const postgresCaliforniaDay = (instant: string) =>
  `to_char(${instant}::timestamptz at time zone 'America/Los_Angeles', 'YYYY-MM-DD')`;
const SQLITE_CONTACT_DAYS = `cast(julianday(${sqliteCaliforniaDay('first_client_contact_at')}) - julianday(received_on) as integer)`;

const MOVE_KEY = 'office_id, from_stage, to_stage, day';
const REPEAT_COLUMNS = 'event_id, office_id, from_stage, to_stage, occurred_at, matter_id';

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('matter_counts')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('county', 'text', (c) => c.notNull())
    // '' for unassigned: a key column cannot be null.
    .addColumn('assignee_id', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('matter_counts_pk', ['office_id', 'stage', 'county', 'assignee_id', 'open'])
    .execute();
  await sql
    .raw(`insert into matter_counts (${KEY}, count)
      select office_id, stage, county, coalesce(assignee_id, ''), case when closed_at is null then 1 else 0 end, count(*)
      from matters group by 1, 2, 3, 4, 5`)
    .execute(db);
  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
  await stageMoves(db, postgres);

  // Aging per person and referrals per day and source read these indexes alone (closed_at is
  // carried so that SQLite counts the partial index as covering and picks it).
  await db.schema.dropIndex('matters_open_received').execute();
  await sql`create index matters_open_received on matters (office_id, received_on, assignee_id, closed_at) where closed_at is null`.execute(
    db,
  );
  await sql`create index matters_received_source on matters (office_id, received_on, referral_source)`.execute(
    db,
  );
  if (!postgres) {
    await db.schema.dropIndex('matters_office_first_contact').execute();
    await sql
      .raw(`create index matters_first_contact_days on matters
        (office_id, received_on, (${SQLITE_CONTACT_DAYS}), stage, first_client_contact_at)`)
      .execute(db);
  }
}

async function stageMoves(db: AnyDb, postgres: boolean): Promise<void> {
  const day = postgres ? postgresCaliforniaDay : sqliteCaliforniaDay;
  await db.schema
    .createTable('stage_move_days')
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stage_move_days_pk', ['office_id', 'from_stage', 'to_stage', 'day'])
    .execute();
  await db.schema
    .createTable('repeat_stage_moves')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .execute();
  await sql`create index repeat_stage_moves_window on repeat_stage_moves (office_id, from_stage, occurred_at, to_stage, matter_id)`.execute(
    db,
  );
  await sql
    .raw(`insert into stage_move_days (${MOVE_KEY}, count)
      select office_id, from_stage, to_stage, ${day('occurred_at')}, count(*) from matter_events
      where from_stage is not null and to_stage is not null group by 1, 2, 3, 4`)
    .execute(db);
  await sql
    .raw(`insert into repeat_stage_moves (${REPEAT_COLUMNS})
      select id, office_id, from_stage, to_stage, occurred_at, matter_id from matter_events e
      where from_stage is not null and to_stage is not null and (select count(*) from matter_events f
        where f.matter_id = e.matter_id and f.from_stage = e.from_stage and f.to_stage is not null) > 1`)
    .execute(db);

  // A new move counts on its California day; a matter's second move from a stage lists all of them.
  const onInsert = `
    insert into stage_move_days (${MOVE_KEY}, count)
      values (new.office_id, new.from_stage, new.to_stage, ${day('new.occurred_at')}, 1)
      on conflict (${MOVE_KEY}) do update set count = stage_move_days.count + 1;
    insert into repeat_stage_moves (${REPEAT_COLUMNS})
      select e.id, e.office_id, e.from_stage, e.to_stage, e.occurred_at, e.matter_id from matter_events e
      where e.matter_id = new.matter_id and e.from_stage = new.from_stage and e.to_stage is not null
        and (select count(*) from matter_events f where f.matter_id = new.matter_id
          and f.from_stage = new.from_stage and f.to_stage is not null) > 1
      on conflict (event_id) do nothing;`;
  const onDelete = `
    update stage_move_days set count = count - 1 where office_id = old.office_id
      and from_stage = old.from_stage and to_stage = old.to_stage and day = ${day('old.occurred_at')};
    delete from repeat_stage_moves where event_id = old.id;`;
  const isMove = (of: 'new' | 'old') => `${of}.from_stage is not null and ${of}.to_stage is not null`;
  if (postgres) {
    await sql
      .raw(`create function stage_moves_on_change() returns trigger language plpgsql as $$ begin
        if tg_op = 'INSERT' then if ${isMove('new')} then ${onInsert} end if;
        elsif ${isMove('old')} then ${onDelete}
        end if;
        return null; end $$`)
      .execute(db);
    await sql
      .raw(`create trigger stage_moves_on_change after insert or delete on matter_events
        for each row execute function stage_moves_on_change()`)
      .execute(db);
    return;
  }
  await sql
    .raw(`create trigger stage_moves_on_insert after insert on matter_events when ${isMove('new')}
      begin ${onInsert} end`)
    .execute(db);
  await sql
    .raw(`create trigger stage_moves_on_delete after delete on matter_events when ${isMove('old')}
      begin ${onDelete} end`)
    .execute(db);
}

/** The columns that place a matter in its counts: an update of no other column fires a trigger. */
const COUNTED_COLUMNS = 'office_id, stage, county, assignee_id, closed_at';
const row = (of: 'new' | 'old', delta: number) =>
  `(${of}.office_id, ${of}.stage, ${of}.county, coalesce(${of}.assignee_id, ''), case when ${of}.closed_at is null then 1 else 0 end, ${delta})`;
/** Whether an update moves the matter to other counts ("is not" is SQLite's "is distinct from"). */
const changed = (differ: string) =>
  ['office_id', 'stage', 'county', 'assignee_id']
    .map((column) => `old.${column} ${differ} new.${column}`)
    .concat('(old.closed_at is null) <> (new.closed_at is null)')
    .join(' or ');

async function sqliteTriggers(db: AnyDb): Promise<void> {
  const add = (of: 'new' | 'old', delta: number) =>
    `insert into matter_counts (${KEY}, count) values ${row(of, delta)}
      on conflict (${KEY}) do update set count = count + excluded.count;`;
  await sql
    .raw(`create trigger matter_counts_on_insert after insert on matters begin ${add('new', 1)} end`)
    .execute(db);
  await sql
    .raw(`create trigger matter_counts_on_delete after delete on matters begin ${add('old', -1)} end`)
    .execute(db);
  await sql
    .raw(`create trigger matter_counts_on_update after update of ${COUNTED_COLUMNS}
      on matters when ${changed('is not')} begin ${add('old', -1)} ${add('new', 1)} end`)
    .execute(db);
}

async function postgresTriggers(db: AnyDb): Promise<void> {
  // One statement, rows in key order: two moves in opposite directions lock the same rows in the
  // same order, so they wait for each other instead of deadlocking.
  const apply = (rows: string) => `insert into matter_counts (${KEY}, count)
    select * from (values ${rows}) as d(${KEY}, count) order by ${KEY}
    on conflict (${KEY}) do update set count = matter_counts.count + excluded.count;`;
  await sql
    .raw(`create function matter_counts_on_change() returns trigger language plpgsql as $$ begin
      if tg_op = 'INSERT' then ${apply(row('new', 1))}
      elsif tg_op = 'DELETE' then ${apply(row('old', -1))}
      elsif ${changed('is distinct from')} then ${apply(`${row('old', -1)}, ${row('new', 1)}`)}
      end if;
      return null; end $$`)
    .execute(db);
  await sql
    .raw(`create trigger matter_counts_on_change after insert or delete or update of ${COUNTED_COLUMNS}
      on matters for each row execute function matter_counts_on_change()`)
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`drop trigger matter_counts_on_change on matters`.execute(db);
    await sql`drop function matter_counts_on_change()`.execute(db);
    await sql`drop trigger stage_moves_on_change on matter_events`.execute(db);
    await sql`drop function stage_moves_on_change()`.execute(db);
  } else {
    for (const trigger of [
      'matter_counts_on_insert',
      'matter_counts_on_delete',
      'matter_counts_on_update',
      'stage_moves_on_insert',
      'stage_moves_on_delete',
    ])
      await sql.raw(`drop trigger ${trigger}`).execute(db);
    await db.schema.dropIndex('matters_first_contact_days').execute();
    await sql`create index matters_office_first_contact on matters (office_id, received_on, first_client_contact_at, stage)`.execute(
      db,
    );
  }
  await db.schema.dropIndex('matters_received_source').execute();
  await db.schema.dropIndex('matters_open_received').execute();
  await sql`create index matters_open_received on matters (office_id, received_on) where closed_at is null`.execute(
    db,
  );
  await db.schema.dropTable('repeat_stage_moves').execute();
  await db.schema.dropTable('stage_move_days').execute();
  await db.schema.dropTable('matter_counts').execute();
}
