// The court's outcome on the arrest of a PC 851.91 petition (petition_arrests.outcome, 0028) is a
// court outcome too: court_outcome_days (0026) counts it beside the outcomes per conviction, per
// office, outcome and the day the petition was decided. Kept by triggers on petitions and
// petition_arrests on both databases, as 0026's on petition_convictions keep the conviction outcomes,
// and filled with the outcomes already recorded.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const OUTCOME_KEY = 'office_id, outcome, day';

type Of = 'new' | 'old';

/** Adds rows of (key..., count) to court_outcome_days; on PostgreSQL in key order, so two writers lock alike. */
function upsert(select: string, postgres: boolean): string {
  const rows = postgres ? `select * from (${select}) as d order by 1, 2, 3` : select;
  return `insert into court_outcome_days (${OUTCOME_KEY}, count) ${rows}
    on conflict (${OUTCOME_KEY}) do update set count = court_outcome_days.count + excluded.count;`;
}

// A petition counts its arrest's outcome when it is decided on a day (as 0026 counts convictions').
const decided = (of: string) => `${of}.status = 'decided' and ${of}.decided_on is not null`;

/** The arrest outcome of one petition row (old or new), added (+1) or taken off (-1). */
const petitionArrestOutcome = (of: Of, sign: 1 | -1, postgres: boolean) =>
  upsert(
    `select ${of}.office_id, pa.outcome, ${of}.decided_on, ${sign} * count(*) from petition_arrests pa
      where pa.petition_id = ${of}.id and pa.outcome is not null and ${decided(of)} group by pa.outcome`,
    postgres,
  );

/** One arrest outcome row (old or new), added or taken off, by its petition as it stands. */
const arrestOutcome = (of: Of, sign: 1 | -1, postgres: boolean) =>
  upsert(
    `select p.office_id, ${of}.outcome, p.decided_on, ${sign} from petitions p
      where p.id = ${of}.petition_id and ${of}.outcome is not null and ${decided('p')}`,
    postgres,
  );

/** Whether an update moves a row to other counts ("is not" is SQLite's "is distinct from"). */
const changed = (columns: string[], differ: string) =>
  columns.map((column) => `old.${column} ${differ} new.${column}`).join(' or ');
const PETITION_COLUMNS = ['office_id', 'status', 'decided_on'];
const OUTCOME_COLUMNS = ['petition_id', 'outcome'];

/** The arrest outcomes already recorded, per key: added at up, taken off at down. */
const recorded = (sign: 1 | -1) => `select p.office_id, pa.outcome, p.decided_on, ${sign} * count(*)
  from petitions p join petition_arrests pa on pa.petition_id = p.id
  where ${decided('p')} and pa.outcome is not null group by 1, 2, 3`;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql.raw(upsert(recorded(1), postgres)).execute(db);
  if (postgres) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function sqliteTriggers(db: AnyDb): Promise<void> {
  const triggers: [string, string, string, string][] = [
    ['petition_arrest_outcome_on_insert', 'insert on petitions', '', petitionArrestOutcome('new', 1, false)],
    ['petition_arrest_outcome_on_delete', 'delete on petitions', '', petitionArrestOutcome('old', -1, false)],
    [
      'petition_arrest_outcome_on_update',
      `update of ${PETITION_COLUMNS.join(', ')} on petitions`,
      changed(PETITION_COLUMNS, 'is not'),
      `${petitionArrestOutcome('old', -1, false)} ${petitionArrestOutcome('new', 1, false)}`,
    ],
    ['arrest_outcome_on_insert', 'insert on petition_arrests', '', arrestOutcome('new', 1, false)],
    ['arrest_outcome_on_delete', 'delete on petition_arrests', '', arrestOutcome('old', -1, false)],
    [
      'arrest_outcome_on_update',
      `update of ${OUTCOME_COLUMNS.join(', ')} on petition_arrests`,
      changed(OUTCOME_COLUMNS, 'is not'),
      `${arrestOutcome('old', -1, false)} ${arrestOutcome('new', 1, false)}`,
    ],
  ];
  for (const [name, on, when, body] of triggers)
    await sql
      .raw(`create trigger ${name} after ${on} ${when ? `when ${when}` : ''} begin ${body} end`)
      .execute(db);
}

/** Each trigger function on PostgreSQL, its table and the columns whose change moves a count. */
const POSTGRES_FUNCTIONS: [string, string, string[], (of: Of, sign: 1 | -1, postgres: boolean) => string][] =
  [
    ['petition_arrest_outcome_on_change', 'petitions', PETITION_COLUMNS, petitionArrestOutcome],
    ['arrest_outcome_on_change', 'petition_arrests', OUTCOME_COLUMNS, arrestOutcome],
  ];

async function postgresTriggers(db: AnyDb): Promise<void> {
  for (const [name, table, columns, outcome] of POSTGRES_FUNCTIONS) {
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $$ begin
        if tg_op = 'UPDATE' then
          if not (${changed(columns, 'is distinct from')}) then return null; end if;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then ${outcome('old', -1, true)} end if;
        if tg_op in ('UPDATE', 'INSERT') then ${outcome('new', 1, true)} end if;
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
    for (const [name, table] of POSTGRES_FUNCTIONS) {
      await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
      await sql.raw(`drop function ${name}()`).execute(db);
    }
  } else {
    for (const kept of ['petition_arrest_outcome', 'arrest_outcome'])
      for (const on of ['insert', 'delete', 'update'])
        await sql.raw(`drop trigger ${kept}_on_${on}`).execute(db);
  }
  await sql.raw(upsert(recorded(-1), postgres)).execute(db);
}
