// Builds the eligibility rules' input from what staff entered: the matter's convictions and the
// person facts, as of a date. The rules package knows nothing of the database; this is the bridge.
import type { Arrest, ClientPersonFactsTable, Conviction, Db, Tx } from '@relief-desk/db';
import {
  arrestDateProblems,
  convictionDateProblems,
  describeArrest,
  describeConviction,
  type PersonFacts,
} from '@relief-desk/domain';
import {
  type EligibilityInput,
  type EligibilityResult,
  evaluateRecord,
  parseEligibilityInput,
} from '@relief-desk/eligibility';
import type { Selectable } from 'kysely';
import { convictionFields } from '../../matter-core/convictionColumns.ts';

const UNKNOWN_FACTS: PersonFacts = {
  currentlyCharged: 'unknown',
  underSupervision: 'unknown',
  servingSentence: 'unknown',
  requiredToRegisterPC290: 'unknown',
  hasSuperstrikePrior: 'unknown',
};

const asBoolean = (value: string): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);

type PersonFactsRow = Selectable<ClientPersonFactsTable>;
export type StoredPersonFacts = ReturnType<typeof personFactsOfRow>;

function personFactsOfRow(row: PersonFactsRow | undefined) {
  if (!row) return { facts: UNKNOWN_FACTS, version: 0, updatedBy: null, updatedAt: null };
  return {
    facts: {
      currentlyCharged: row.currently_charged,
      underSupervision: row.under_supervision,
      servingSentence: row.serving_sentence,
      requiredToRegisterPC290: row.required_to_register_pc290,
      hasSuperstrikePrior: row.has_superstrike_prior,
    },
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function personFactsOf(db: Db | Tx, clientId: string): Promise<StoredPersonFacts> {
  const row = await db
    .selectFrom('client_person_facts')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return personFactsOfRow(row);
}

/** An arrest as the rules read it (their `arrests` input). */
function arrestInputOf(a: Arrest) {
  return {
    id: a.id,
    date: a.arrest_date,
    agency: a.agency.trim() || null,
    code: a.code,
    section: a.section,
    level: a.level,
    disposition: a.disposition,
    dispositionDate: a.disposition_date,
    resultOfTrafficking: asBoolean(a.result_of_trafficking),
    reliefAlreadyGranted: a.relief_granted_remedy ?? null,
  };
}

export function eligibilityInputOf(
  asOf: string,
  facts: PersonFacts,
  convictions: Conviction[],
  arrests: Arrest[] = [],
): unknown {
  return {
    asOf,
    person: {
      currentlyCharged: asBoolean(facts.currentlyCharged),
      underSupervision: asBoolean(facts.underSupervision),
      servingSentence: asBoolean(facts.servingSentence),
      requiredToRegisterPC290: asBoolean(facts.requiredToRegisterPC290),
      hasSuperstrikePrior: asBoolean(facts.hasSuperstrikePrior),
    },
    convictions: convictions.map((c) => ({
      id: c.id,
      code: c.code,
      section: c.section,
      level: c.level,
      // Names this conviction in reasons about the others ("case AL2-14-CR-0099"), never its id.
      caseNumber: c.case_number,
      wobbler: asBoolean(c.wobbler),
      convictionDate: c.conviction_date,
      offenseDate: c.offense_date,
      sentence: {
        kind: c.sentence_kind,
        endDate: c.end_date,
        probationViolated:
          c.probation_outcome === 'violated' ? true : c.probation_outcome === 'unknown' ? null : false,
        probationTerminatedEarly:
          c.probation_outcome === 'terminated_early'
            ? true
            : c.probation_outcome === 'unknown'
              ? null
              : false,
        mandatorySupervision: asBoolean(c.mandatory_supervision),
        executionSuspended: asBoolean(c.execution_suspended),
      },
      valueOver950: asBoolean(c.value_over_950),
      reliefAlreadyGranted: c.relief_granted_remedy ?? null,
    })),
    // Only when the matter has arrests: the rules then answer for each in `arrestResults`.
    ...(arrests.length > 0 ? { arrests: arrests.map(arrestInputOf) } : {}),
  };
}

/** A conviction or arrest the rules could not read, left out of the matter's reading, and why. */
export interface LeftOut {
  record: 'conviction' | 'arrest';
  id: string;
  /** How the record reads: "HS 11357(a) (misdemeanor), case 99CR0001". */
  description: string;
  /** What is wrong with it, in staff's words, and how to fix it. */
  problems: string[];
}

export type Evaluation = (
  | { ok: true; result: EligibilityResult; input: EligibilityInput; leftOut: LeftOut[] }
  | { ok: false; problems: { path: string; message: string }[] }
) & { facts: StoredPersonFacts; convictions: Conviction[]; arrests: Arrest[] };

const describeArrestRow = (a: Arrest) =>
  describeArrest({
    code: a.code,
    section: a.section,
    level: a.level,
    arrestDate: a.arrest_date,
    disposition: a.disposition,
  });

/**
 * Runs the rules on a record already read. A conviction or arrest the rules cannot read (a date the
 * forms now refuse, stored before they did or by an import) is left out, saying why, so the others
 * still get their suggestions; only a problem with no one record (the date asked, the person's
 * facts) keeps the rules from running, and says why instead.
 */
export function evaluateLoaded(
  asOf: string,
  facts: StoredPersonFacts,
  convictions: Conviction[],
  arrests: Arrest[] = [],
): Evaluation {
  const leftOut: LeftOut[] = [];
  for (const c of convictions) {
    const problems = convictionDateProblems(
      {
        convictionDate: c.conviction_date,
        offenseDate: c.offense_date,
        reliefGrantedOn: c.relief_granted_on,
      },
      asOf,
    );
    if (problems.length > 0)
      leftOut.push({
        record: 'conviction',
        id: c.id,
        description: describeConviction(convictionFields(c)),
        problems: problems.map((p) => p.message),
      });
  }
  for (const a of arrests) {
    const problems = arrestDateProblems(
      {
        arrestDate: a.arrest_date,
        dispositionDate: a.disposition_date,
        reliefGrantedOn: a.relief_granted_on,
      },
      asOf,
    );
    if (problems.length > 0)
      leftOut.push({
        record: 'arrest',
        id: a.id,
        description: describeArrestRow(a),
        problems: problems.map((p) => p.message),
      });
  }
  let readConvictions = convictions.filter((c) => !leftOut.some((l) => l.id === c.id));
  let readArrests = arrests.filter((a) => !leftOut.some((l) => l.id === a.id));
  // Each pass leaves out at least one more record, so this ends.
  for (;;) {
    const parsed = parseEligibilityInput(eligibilityInputOf(asOf, facts.facts, readConvictions, readArrests));
    if (parsed.ok)
      return {
        ok: true,
        result: evaluateRecord(parsed.input),
        input: parsed.input,
        leftOut,
        facts,
        convictions,
        arrests,
      };
    // What else the rules refuse in one record: left out with the rules' own words.
    const refused = new Map<string, LeftOut>();
    for (const error of parsed.errors) {
      const [list, index] = error.path.split('.');
      const row =
        list === 'convictions'
          ? readConvictions[Number(index)]
          : list === 'arrests'
            ? readArrests[Number(index)]
            : undefined;
      if (!row) continue;
      const entry = refused.get(row.id) ?? {
        record: list === 'convictions' ? ('conviction' as const) : ('arrest' as const),
        id: row.id,
        description:
          'conviction_date' in row ? describeConviction(convictionFields(row)) : describeArrestRow(row),
        problems: [],
      };
      entry.problems.push(`The rules cannot read it (${error.message}).`);
      refused.set(row.id, entry);
    }
    if (refused.size === 0) return { ok: false, problems: parsed.errors, facts, convictions, arrests };
    leftOut.push(...refused.values());
    readConvictions = readConvictions.filter((c) => !refused.has(c.id));
    readArrests = readArrests.filter((a) => !refused.has(a.id));
  }
}

/** Oldest arrest first (arrest date, then id), as the arrests list shows them. */
const byArrestOrder = (a: Arrest, b: Arrest) => {
  const x = `${a.arrest_date}|${a.id}`;
  const y = `${b.arrest_date}|${b.id}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Oldest conviction first, as the rules read a record (code-unit order, as the databases sort). */
const byRecordOrder = (a: Conviction, b: Conviction) => {
  const x = `${a.conviction_date}|${a.id}`;
  const y = `${b.conviction_date}|${b.id}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Runs the rules on a matter's record, returning what it read with the result. */
export async function evaluateMatter(
  db: Db | Tx,
  matter: { id: string; client_id: string },
  asOf: string,
): Promise<Evaluation> {
  const [facts, convictions, arrests] = await Promise.all([
    personFactsOf(db, matter.client_id),
    db
      .selectFrom('convictions')
      .selectAll()
      .where('matter_id', '=', matter.id)
      .where('removed_at', 'is', null)
      .execute(),
    db
      .selectFrom('arrests')
      .selectAll()
      .where('matter_id', '=', matter.id)
      .where('removed_at', 'is', null)
      .execute(),
  ]);
  return evaluateLoaded(asOf, facts, convictions.sort(byRecordOrder), arrests.sort(byArrestOrder));
}

/**
 * Runs the rules on many matters' records, read in a few queries (not two per matter): what the
 * office-wide review list needs.
 */
export async function evaluateMatters(
  db: Db | Tx,
  matters: { id: string; client_id: string }[],
  asOf: string,
): Promise<Map<string, Evaluation>> {
  const convictions = new Map<string, Conviction[]>();
  const arrests = new Map<string, Arrest[]>();
  const facts = new Map<string, PersonFactsRow>();
  // In slices, well under the databases' limits on bound values.
  for (let i = 0; i < matters.length; i += 500) {
    const slice = matters.slice(i, i + 500);
    const [rows, factRows, arrestRows] = await Promise.all([
      db
        .selectFrom('convictions')
        .selectAll()
        .where(
          'matter_id',
          'in',
          slice.map((m) => m.id),
        )
        .where('removed_at', 'is', null)
        .execute(),
      db
        .selectFrom('client_person_facts')
        .selectAll()
        .where('client_id', 'in', [...new Set(slice.map((m) => m.client_id))])
        .execute(),
      db
        .selectFrom('arrests')
        .selectAll()
        .where(
          'matter_id',
          'in',
          slice.map((m) => m.id),
        )
        .where('removed_at', 'is', null)
        .execute(),
    ]);
    for (const row of arrestRows) arrests.set(row.matter_id, [...(arrests.get(row.matter_id) ?? []), row]);
    for (const row of rows) convictions.set(row.matter_id, [...(convictions.get(row.matter_id) ?? []), row]);
    for (const row of factRows) facts.set(row.client_id, row);
  }
  return new Map(
    matters.map((m) => [
      m.id,
      evaluateLoaded(
        asOf,
        personFactsOfRow(facts.get(m.client_id)),
        (convictions.get(m.id) ?? []).sort(byRecordOrder),
        (arrests.get(m.id) ?? []).sort(byArrestOrder),
      ),
    ]),
  );
}
