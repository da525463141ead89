// Builds the eligibility rules' input from what staff entered: the matter's convictions and the
// person facts, as of a date. The rules package knows nothing of the database; this is the bridge.
import type { Conviction, Db, Tx } from '@relief-desk/db';
import type { PersonFacts, RemedyId, Tristate } from '@relief-desk/domain';
import {
  type EligibilityInput,
  type EligibilityResult,
  evaluateRecord,
  parseEligibilityInput,
} from '@relief-desk/eligibility';

const UNKNOWN_FACTS: PersonFacts = {
  currentlyCharged: 'unknown',
  underSupervision: 'unknown',
  servingSentence: 'unknown',
  requiredToRegisterPC290: 'unknown',
  hasSuperstrikePrior: 'unknown',
};

const asBoolean = (value: string): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);

export async function personFactsOf(db: Db | Tx, clientId: string) {
  const row = await db
    .selectFrom('client_person_facts')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) return { facts: UNKNOWN_FACTS, version: 0, updatedBy: null, updatedAt: null };
  return {
    facts: {
      currentlyCharged: row.currently_charged as Tristate,
      underSupervision: row.under_supervision as Tristate,
      servingSentence: row.serving_sentence as Tristate,
      requiredToRegisterPC290: row.required_to_register_pc290 as Tristate,
      hasSuperstrikePrior: row.has_superstrike_prior as Tristate,
    },
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export function eligibilityInputOf(asOf: string, facts: PersonFacts, convictions: Conviction[]): unknown {
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
      wobbler: asBoolean(c.wobbler),
      convictionDate: c.conviction_date,
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
      },
      valueOver950: asBoolean(c.value_over_950),
      reliefAlreadyGranted: (c.relief_granted_remedy as RemedyId | null) ?? null,
    })),
  };
}

export type Evaluation =
  | { ok: true; result: EligibilityResult; input: EligibilityInput }
  | { ok: false; problems: { path: string; message: string }[] };

/** Runs the rules on a matter's record; a record the rules cannot read says why instead. */
export async function evaluateMatter(
  db: Db | Tx,
  matter: { id: string; client_id: string },
  asOf: string,
): Promise<Evaluation> {
  const [facts, convictions] = await Promise.all([
    personFactsOf(db, matter.client_id),
    db
      .selectFrom('convictions')
      .selectAll()
      .where('matter_id', '=', matter.id)
      .orderBy('conviction_date')
      .orderBy('id')
      .execute(),
  ]);
  const parsed = parseEligibilityInput(eligibilityInputOf(asOf, facts.facts, convictions));
  if (!parsed.ok) return { ok: false, problems: parsed.errors };
  return { ok: true, result: evaluateRecord(parsed.input), input: parsed.input };
}
