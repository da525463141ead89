// Every text column that holds one of a closed set of values (a stage, a role, a remedy, a
// determination, a county, a message's channel, ...) refuses any other value, on both databases.
//
// - The lists are copied here as they were when this migration was written, and stay so: a migration
//   does not change once shipped. A set that grows later gets a migration of its own that replaces
//   the column's check. closed-sets.test.ts compares these lists with today's (CLOSED_SET_COLUMNS),
//   so a set that changes without one fails the tests instead of drifting apart silently.
// - Rows already holding a value outside a set stop the migration before anything is changed, with a
//   message naming each table, column and value to correct (not the database's constraint error).
// - PostgreSQL: a CHECK constraint per column, named <table>_<column>_allowed.
// - SQLite cannot add a constraint to an existing table; the other way, rebuilding each of some thirty
//   tables (copying every row, then recreating its indexes, triggers and the foreign keys that point
//   at it), would rewrite a large office's whole database in one go and lose any trigger a rebuild
//   forgets. Instead two small triggers per column, BEFORE INSERT and BEFORE UPDATE OF the column,
//   abort a write of a value outside the set with a message naming the table and column. They add
//   nothing to existing rows and cost one comparison per write. A later migration that rebuilds one
//   of these tables on SQLite must create its triggers again (the test refuses values on every
//   column at the newest schema, so a lost trigger fails it).
// - invitations.role and staff_notices.kind have had their CHECK constraints since 0019.
// - Null stays allowed where a column allows it ("null in (...)" is not false, on both databases).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const COUNTIES = [
  'Alameda',
  'Alpine',
  'Amador',
  'Butte',
  'Calaveras',
  'Colusa',
  'Contra Costa',
  'Del Norte',
  'El Dorado',
  'Fresno',
  'Glenn',
  'Humboldt',
  'Imperial',
  'Inyo',
  'Kern',
  'Kings',
  'Lake',
  'Lassen',
  'Los Angeles',
  'Madera',
  'Marin',
  'Mariposa',
  'Mendocino',
  'Merced',
  'Modoc',
  'Mono',
  'Monterey',
  'Napa',
  'Nevada',
  'Orange',
  'Placer',
  'Plumas',
  'Riverside',
  'Sacramento',
  'San Benito',
  'San Bernardino',
  'San Diego',
  'San Francisco',
  'San Joaquin',
  'San Luis Obispo',
  'San Mateo',
  'Santa Barbara',
  'Santa Clara',
  'Santa Cruz',
  'Shasta',
  'Sierra',
  'Siskiyou',
  'Solano',
  'Sonoma',
  'Stanislaus',
  'Sutter',
  'Tehama',
  'Trinity',
  'Tulare',
  'Tuolumne',
  'Ventura',
  'Yolo',
  'Yuba',
];
const STAGES = [
  'referral_received',
  'gathering_records',
  'eligibility_review',
  'petitions_to_file',
  'awaiting_decision',
  'outcome_to_send',
  'closed',
  'not_eligible',
  'referred_out',
  'withdrawn',
  'unable_to_reach',
];
const REMEDIES = [
  'pc1203.4',
  'pc1203.4a',
  'pc1203.41',
  'pc1203.42',
  'pc1203.43',
  'pc17b',
  'prop47',
  'prop64',
  'pc1203.425',
  'pc851.91',
  'pc851.93',
  'pc851.8',
  'pc1203.49',
  'pc236.14',
  'pc4852',
];
const DETERMINATIONS = [
  'eligible_mandatory',
  'eligible_discretionary',
  'eligible_later',
  'needs_more_info',
  'not_eligible',
  'already_relieved',
];
const TRISTATE = ['yes', 'no', 'unknown'];
const LEVELS = ['felony', 'misdemeanor', 'infraction'];
const DOCUMENT_KINDS = [
  'rap_sheet',
  'court_docket',
  'probation_proof',
  'payment_proof',
  'photo_id',
  'declaration_mc031',
  'letter_of_support',
  'fee_waiver',
  'signed_order',
  'updated_rap_sheet',
  'other',
];
const MESSAGE_STATUS_TYPES = [
  'in_review',
  'eligible',
  'not_eligible',
  'no_convictions_found',
  'cant_proceed',
  'court_date_set',
  'granted',
  'denied',
  'transferred',
];
const MESSAGE_CHANNELS = ['email', 'sms', 'letter'];
export const COURT_OUTCOMES = ['granted', 'denied', 'continued', 'withdrawn'];
const LANGUAGES = ['en', 'es', 'zh', 'vi', 'ko', 'tl'];

/** Table, then column, then the values it may hold. */
export type ClosedSets = Record<string, Record<string, readonly string[]>>;

export const CLOSED_SETS: ClosedSets = {
  users: {
    role: ['intake', 'attorney', 'supervisor', 'admin'],
  },
  mfa_challenges: {
    kind: ['sign_in', 'sign_in_link', 'passkey_registration', 'passkey_reauthentication'],
  },
  audit_log: {
    outcome: ['ok', 'denied', 'failed'],
  },
  office_counties: {
    county: COUNTIES,
  },
  clients: {
    preferred_language: LANGUAGES,
  },
  client_person_facts: {
    currently_charged: TRISTATE,
    under_supervision: TRISTATE,
    serving_sentence: TRISTATE,
    required_to_register_pc290: TRISTATE,
    has_superstrike_prior: TRISTATE,
  },
  matters: {
    stage: STAGES,
    county: COUNTIES,
    referral_source: ['phone', 'walk_in', 'web_form', 'partner', 'online_application', 'court', 'other'],
  },
  matter_events: {
    from_stage: STAGES,
    to_stage: STAGES,
  },
  matter_counts: {
    stage: STAGES,
    county: COUNTIES,
  },
  stage_move_days: {
    from_stage: STAGES,
    to_stage: STAGES,
  },
  repeat_stage_moves: {
    from_stage: STAGES,
    to_stage: STAGES,
  },
  court_outcome_days: {
    outcome: COURT_OUTCOMES,
  },
  office_document_due_days: {
    kind: DOCUMENT_KINDS,
  },
  document_requests: {
    kind: DOCUMENT_KINDS,
    requested_from: ['client', 'court', 'doj', 'probation', 'other'],
    status: ['requested', 'received', 'reviewed', 'waived', 'cancelled'],
  },
  convictions: {
    county: COUNTIES,
    level: LEVELS,
    wobbler: TRISTATE,
    sentence_kind: ['probation', 'county_jail_1170h', 'state_prison', 'jail_only', 'fine_only'],
    mandatory_supervision: TRISTATE,
    probation_outcome: ['completed', 'violated', 'terminated_early', 'unknown'],
    value_over_950: TRISTATE,
    relief_granted_remedy: REMEDIES,
  },
  eligibility_decisions: {
    remedy: REMEDIES,
    determination: DETERMINATIONS,
    suggested_determination: DETERMINATIONS,
  },
  eligibility_suggestions: {
    remedy: REMEDIES,
    determination: DETERMINATIONS,
  },
  petitions: {
    remedy: REMEDIES,
    form_set: ['cr180_cr181', 'cr400', 'cr409_cr410', 'local'],
    status: ['draft', 'filed', 'hearing_set', 'decided', 'withdrawn'],
  },
  petition_convictions: {
    outcome: COURT_OUTCOMES,
  },
  county_courts: {
    county: COUNTIES,
  },
  filing_runs: {
    county: COUNTIES,
    status: ['prepared', 'filed'],
  },
  message_templates: {
    status_type: MESSAGE_STATUS_TYPES,
    language: ['en', 'es'],
  },
  messages: {
    kind: ['status', 'outcome', 'follow_up', 'application', 'logged'],
    status_type: MESSAGE_STATUS_TYPES,
    channel: MESSAGE_CHANNELS,
    language: LANGUAGES,
  },
  outbox: {
    channel: MESSAGE_CHANNELS,
    state: ['pending', 'sending', 'printing', 'sent', 'failed', 'replaced'],
  },
  application_status_links: {
    language: ['en', 'es'],
  },
  rap_imports: {
    source_kind: ['file', 'text'],
    state: ['queued', 'running', 'ready', 'failed', 'cancelled', 'reviewed'],
  },
  rap_import_items: {
    kind: ['conviction', 'arrest', 'person_fact'],
    outcome: ['accepted', 'edited', 'dropped'],
  },
  arrests: {
    level: LEVELS,
    disposition: ['no_charges', 'dismissed', 'acquitted', 'diversion_completed', 'pending', 'unknown'],
    result_of_trafficking: TRISTATE,
    relief_granted_remedy: REMEDIES,
    source: ['manual', 'rap_sheet'],
  },
  arrest_decisions: {
    remedy: REMEDIES,
    determination: DETERMINATIONS,
    suggested_determination: DETERMINATIONS,
  },
  arrest_suggestions: {
    remedy: REMEDIES,
    determination: DETERMINATIONS,
  },
};

const columns = (sets: ClosedSets) =>
  Object.entries(sets).flatMap(([table, byColumn]) =>
    Object.entries(byColumn).map(([column, values]) => ({ table, column, values })),
  );

const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
const list = (values: readonly string[]) => values.map(quoted).join(', ');
const constraintName = (table: string, column: string) => `${table}_${column}_allowed`;

export const up = (db: AnyDb) => addClosedSetChecks(db, CLOSED_SETS);
export const down = (db: AnyDb) => dropClosedSetChecks(db, CLOSED_SETS);

/** Adds the checks of these sets (a later migration passes its own, frozen there). */
export async function addClosedSetChecks(db: AnyDb, sets: ClosedSets): Promise<void> {
  await refuseValuesOutsideTheSets(db, sets);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table, column, values } of columns(sets)) {
    const name = constraintName(table, column);
    if (postgres) {
      await sql
        .raw(`alter table ${table} add constraint ${name} check (${column} in (${list(values)}))`)
        .execute(db);
      continue;
    }
    const refuse = `select raise(abort, ${quoted(`${table}.${column}: not one of the values it may hold`)});`;
    const outside = `new.${column} not in (${list(values)})`;
    await sql
      .raw(`create trigger ${name}_on_insert before insert on ${table} when ${outside} begin ${refuse} end`)
      .execute(db);
    await sql
      .raw(
        `create trigger ${name}_on_update before update of ${column} on ${table} when ${outside} begin ${refuse} end`,
      )
      .execute(db);
  }
}

/** Fails, naming every table, column and value outside its set (with how many rows hold it), if any. */
async function refuseValuesOutsideTheSets(db: AnyDb, sets: ClosedSets): Promise<void> {
  const found: string[] = [];
  for (const { table, column, values } of columns(sets)) {
    const rows = await sql
      .raw<{ value: string; n: number | string }>(
        `select ${column} as value, count(*) as n from ${table}
          where ${column} is not null and ${column} not in (${list(values)})
          group by ${column} order by count(*) desc limit 20`,
      )
      .execute(db);
    if (rows.rows.length === 0) continue;
    // In code-point order, the same on both databases (their collations differ).
    const held = [...rows.rows]
      .sort((a, b) => (a.value < b.value ? -1 : 1))
      .map((r) => `${JSON.stringify(r.value)} (${Number(r.n)} ${Number(r.n) === 1 ? 'row' : 'rows'})`);
    // The 20 values most rows hold, at most: enough to see what went wrong.
    found.push(`${table}.${column} holds ${held.join(', ')}${held.length === 20 ? ', …' : ''}`);
  }
  if (found.length > 0)
    throw new Error(
      `Some rows hold values their column does not allow, so its check cannot be added: ${found.join('; ')}. Correct or remove those rows, then start again; nothing was changed.`,
    );
}

export async function dropClosedSetChecks(db: AnyDb, sets: ClosedSets): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table, column } of columns(sets)) {
    const name = constraintName(table, column);
    if (postgres) await sql.raw(`alter table ${table} drop constraint ${name}`).execute(db);
    else {
      await sql.raw(`drop trigger ${name}_on_insert`).execute(db);
      await sql.raw(`drop trigger ${name}_on_update`).execute(db);
    }
  }
}
