// Two more counts kept as the records change, so the dashboard's 12 weeks of referrals received (by
// who sent them) and petitions filed read at most 84 days of rows instead of every matter and
// petition of the window, however many the office holds:
//
// - received_days: matters per office, day received and referral source.
// - filed_days: petitions per office and day filed.
//
// Kept by triggers in the same transaction as every change of a matter or petition, whichever code
// makes it (as 0023's and 0026's counts are).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

type Of = 'new' | 'old';

/** A kept table, the row's key columns as they are written from a row, and when a row counts. */
interface Kept {
  table: string;
  on: string;
  key: string[];
  from: (of: Of) => string[];
  counts: (of: Of) => string;
  /** The columns that place a row in its count: an update of no other fires the trigger. */
  columns: string[];
}

const KEPT: Kept[] = [
  {
    table: 'received_days',
    on: 'matters',
    key: ['office_id', 'day', 'referral_source'],
    from: (of) => [`${of}.office_id`, `${of}.received_on`, `${of}.referral_source`],
    counts: () => 'true',
    columns: ['office_id', 'received_on', 'referral_source'],
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
  for (const kept of KEPT) {
    let table = db.schema.createTable(kept.table);
    for (const column of kept.key) table = table.addColumn(column, 'text', (c) => c.notNull());
    await table
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${kept.table}_pk`, kept.key as never[])
      .execute();
    const columns = kept.from('new').map((column) => column.replace(/^new\./, ''));
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
        .raw(`create trigger ${name} after insert or delete or update of ${kept.columns.join(', ')}
          on ${kept.on} for each row execute function ${name}()`)
        .execute(db);
      continue;
    }
    await sql
      .raw(
        `create trigger ${kept.table}_on_insert after insert on ${kept.on} begin ${add(kept, 'new', 1)} end`,
      )
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
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const kept of KEPT) {
    if (postgres) {
      await sql.raw(`drop trigger ${kept.table}_on_change on ${kept.on}`).execute(db);
      await sql.raw(`drop function ${kept.table}_on_change()`).execute(db);
    } else
      for (const on of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger ${kept.table}_on_${on}`).execute(db);
    await db.schema.dropTable(kept.table).execute();
  }
}
