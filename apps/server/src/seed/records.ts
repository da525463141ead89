// The paper trail behind a demo matter, consistent with its stage: RAP sheet and docket requests
// while records are gathered (some overdue), convictions from the RAP sheet once eligibility is under
// review, the attorney's decisions once it was decided, a draft petition while petitions are to be
// filed, petitions once it reaches the court (filed with a hearing or rule-by date, or decided with
// outcomes), and calls with the client.
// The matter's queue facts are derived from those rows by the API's rule (queueFacts); its contact
// times are left to the API's recordClientContact, applied to the calls once the matters are in.
import { callSentence, twoPointOffense } from '@relief-desk/api';
import type { Database, NewConviction, NewMatter, NewMatterEvent } from '@relief-desk/db';
import { newId } from '@relief-desk/db';
import {
  addDays,
  type ConvictionFields,
  DETERMINATION_LABELS,
  type Determination,
  type DocumentKind,
  daysBetween,
  describeConviction,
  type MatterEventKind,
  queueFacts,
  type RequestedFrom,
  type Stage,
} from '@relief-desk/domain';
import type { Insertable } from 'kysely';
import type { Random } from './random.ts';

export interface MatterRecords {
  convictions: NewConviction[];
  requests: Insertable<Database['document_requests']>[];
  petitions: Insertable<Database['petitions']>[];
  petitionConvictions: Insertable<Database['petition_convictions']>[];
  decisions: Insertable<Database['eligibility_decisions']>[];
  /** One row per client whose records were reviewed, by client id. */
  personFacts: Map<string, Insertable<Database['client_person_facts']>>;
  events: NewMatterEvent[];
  /** Calls that reached the client, oldest first, for recordClientContact. */
  contacts: { matterId: string; at: Date }[];
}

/**
 * When eligibility was decided (the day the matter left eligibility review), and by whom; and the day
 * the matter moved into each stage it went through, which its court dates keep to.
 */
export interface DecisionFacts {
  decidedOn: string | null;
  deciderId: string;
  movedOn: Partial<Record<Stage, string>>;
}

const COUNTY_CODES: Record<string, string> = {
  Alameda: 'AL',
  'Contra Costa': 'CC',
  'San Francisco': 'SF',
};
// Each section under the code that defines it: petty theft and burglary are Penal Code, possession
// of a controlled substance Health and Safety Code, driving under the influence Vehicle Code.
const OFFENSES = [
  { code: 'PC', section: '484' },
  { code: 'PC', section: '459' },
  { code: 'HS', section: '11350' },
  { code: 'VC', section: '23152' },
] as const;
const PC_288 = { code: 'PC', section: '288(a)' } as const;
/** Convictions here are adult ones (Superior Court, probation, PC 1203.4): the person was 18 or older. */
export const ADULT_AGE = 18;
/** Three years of probation, completed before the referral. */
const PROBATION_DAYS = 3 * 365;
const AT_COURT: Stage[] = ['awaiting_decision', 'outcome_to_send', 'closed'];
const WITH_CONVICTIONS: Stage[] = ['eligibility_review', 'petitions_to_file', 'not_eligible', ...AT_COURT];

// Decisions as an attorney words them. Completed probation entitles a person to dismissal; PC 288 is
// one of the convictions PC 1203.4(b) leaves out.
const ELIGIBLE_REASONS =
  'Probation was completed, and the client is not on probation, serving a sentence or charged with an offense: dismissal is mandatory (PC 1203.4(a)(1)).';
const twoPointReasons = (citation: string) =>
  `Probation was completed, and the client is not on probation, serving a sentence or charged with an offense; a two-point driving offense is dismissed only at the court’s discretion (${citation}).`;
const EXCLUDED_REASONS =
  'PC 288 is among the convictions that cannot be dismissed under PC 1203.4 (PC 1203.4(b)); no other remedy here applies.';

export function emptyRecords(): MatterRecords {
  return {
    convictions: [],
    requests: [],
    petitions: [],
    petitionConvictions: [],
    decisions: [],
    personFacts: new Map(),
    events: [],
    contacts: [],
  };
}

/** Adds the matter's records to `into` and sets its queue facts from them; the matter row is updated in place. */
export function addMatterRecords(
  random: Random,
  matter: NewMatter & { stage: Stage },
  today: string,
  into: MatterRecords,
  decision: DecisionFacts,
  dateOfBirth: string,
): void {
  const requests = into.requests.length;
  const petitions = into.petitions.length;
  addRecords(random, matter, today, into, decision, dateOfBirth);
  // Every row names every fact: rows are inserted many at a time, and a missing column would be null.
  Object.assign(matter, {
    ...queueFacts({
      requests: into.requests.slice(requests),
      petitions: into.petitions.slice(petitions),
    }),
    last_client_contact_at: null,
  });
}

function addRecords(
  random: Random,
  matter: NewMatter & { stage: Stage },
  today: string,
  into: MatterRecords,
  decision: DecisionFacts,
  dateOfBirth: string,
): void {
  const stamp = `${today}T16:00:00.000Z`;
  const open = !matter.closed_at;
  const age = Math.max(1, daysBetween(matter.received_on, today));

  if (matter.stage !== 'referral_received' && random.chance(0.85)) {
    const contactOffset = random.int(Math.min(1, age - 1), Math.max(0, age - 1));
    const firstOffset = Math.min(random.int(0, 12), contactOffset);
    for (const offset of new Set([firstOffset, contactOffset])) {
      const at = `${addDays(matter.received_on, offset)}T18:30:00.000Z`;
      into.events.push({
        ...event(matter, 'phone_call', callSentence('outgoing', 'spoke'), at),
        data: JSON.stringify({ direction: 'outgoing', result: 'spoke' }),
      });
      into.contacts.push({ matterId: matter.id, at: new Date(at) });
    }
  }

  if (open && matter.stage === 'gathering_records') {
    const rapRequested = addDays(matter.received_on, Math.min(2, age - 1));
    const rapDue = addDays(rapRequested, random.chance(0.35) ? random.int(5, 15) : random.int(21, 45));
    into.requests.push(request(matter, 'rap_sheet', 'doj', rapRequested, rapDue, stamp));
    if (random.chance(0.5)) {
      const docketDue = addDays(rapRequested, random.int(7, 30));
      into.requests.push(request(matter, 'court_docket', 'court', rapRequested, docketDue, stamp));
    }
  }

  if (!WITH_CONVICTIONS.includes(matter.stage)) return;
  const excluded = matter.stage === 'not_eligible';
  // What intake learned about the person today: nothing pending, off supervision; a PC 288
  // conviction comes with PC 290 registration.
  into.personFacts.set(matter.client_id, {
    client_id: matter.client_id,
    office_id: matter.office_id,
    currently_charged: 'no',
    under_supervision: 'no',
    serving_sentence: 'no',
    required_to_register_pc290: excluded ? 'yes' : 'no',
    has_superstrike_prior: 'no',
    updated_at: stamp,
    updated_by: null,
  });
  const convictionIds: string[] = [];
  const caseNumber = `${COUNTY_CODES[matter.county] ?? 'CA'}${random.int(10, 22)}CR${String(random.int(0, 999_999)).padStart(6, '0')}`;
  for (let c = 0; c < (random.chance(0.6) ? 1 : 2); c++) {
    const id = newId();
    convictionIds.push(id);
    const convictedOn = convictionDate(random, dateOfBirth, matter.received_on);
    const offense = excluded ? PC_288 : random.pick(OFFENSES);
    into.convictions.push({
      id,
      matter_id: matter.id,
      office_id: matter.office_id,
      case_number: caseNumber,
      county: matter.county,
      court: `Superior Court of California, County of ${matter.county}`,
      code: offense.code,
      section: offense.section,
      level: excluded ? 'felony' : random.pick(['misdemeanor', 'felony']),
      wobbler: 'no',
      conviction_date: convictedOn,
      sentence_kind: 'probation',
      // Probation with imposition of sentence suspended.
      execution_suspended: 'no',
      mandatory_supervision: 'no',
      // Three years of probation, completed.
      end_date: addDays(convictedOn, PROBATION_DAYS),
      probation_outcome: 'completed',
      value_over_950: 'unknown',
      relief_granted_remedy: null,
      relief_granted_on: null,
      created_at: stamp,
      updated_at: stamp,
    });
  }
  if (decision.decidedOn) {
    const decidedAt = `${decision.decidedOn}T17:30:00.000Z`;
    for (const conviction of into.convictions.filter((c) => convictionIds.includes(c.id))) {
      // A two-point driving offense (DUI) is dismissed only at the court's discretion (PC 1203.4(c)(2)).
      const twoPoint = excluded ? null : twoPointOffense(conviction.code, conviction.section);
      const determination: Determination = excluded
        ? 'not_eligible'
        : twoPoint
          ? 'eligible_discretionary'
          : 'eligible_mandatory';
      into.decisions.push({
        id: newId(),
        conviction_id: conviction.id,
        matter_id: matter.id,
        office_id: matter.office_id,
        remedy: 'pc1203.4',
        determination,
        eligible_on: null,
        reasons: excluded ? EXCLUDED_REASONS : twoPoint ? twoPointReasons(twoPoint) : ELIGIBLE_REASONS,
        rules_version: null,
        suggested_determination: null,
        supersedes: null,
        decided_by: decision.deciderId,
        decided_at: decidedAt,
      });
      // Worded as the product words a decision on the timeline.
      const what = describeConviction({
        code: conviction.code,
        section: conviction.section,
        level: conviction.level as ConvictionFields['level'],
        caseNumber: conviction.case_number,
      });
      into.events.push({
        ...event(
          matter,
          'decision_recorded',
          `PC 1203.4 dismissal for ${what}: ${DETERMINATION_LABELS[determination].toLowerCase()}.`,
          decidedAt,
        ),
        actor_id: decision.deciderId,
      });
    }
  }
  if (matter.stage === 'petitions_to_file' && decision.decidedOn) {
    // Drafted the day eligibility was decided, for every conviction of the case: ready to prepare
    // its packet. (No draws from the random stream: the records after it stay as they were.)
    const draftId = newId();
    into.petitions.push({
      id: draftId,
      matter_id: matter.id,
      office_id: matter.office_id,
      remedy: 'pc1203.4',
      case_number: caseNumber,
      form_set: 'cr180_cr181',
      court: `Superior Court of California, County of ${matter.county}`,
      status: 'draft',
      filed_on: null,
      served_on: null,
      hearing_on: null,
      rule_by_on: null,
      decided_on: null,
      order_file_id: null,
      created_at: `${decision.decidedOn}T18:00:00.000Z`,
      updated_at: `${decision.decidedOn}T18:00:00.000Z`,
    });
    for (const convictionId of convictionIds)
      into.petitionConvictions.push({ petition_id: draftId, conviction_id: convictionId, outcome: null });
  }
  if (!AT_COURT.includes(matter.stage)) return;
  const petitionId = newId();
  // The story in order: eligibility decided (the move to petitions to file), then the petition filed,
  // at the latest the day the matter moved to await the court; the court's decision before the move
  // to send the outcome. (The same draws as ever, placed within those days.)
  const readyOn = decision.decidedOn ?? decision.movedOn.petitions_to_file ?? matter.received_on;
  const awaitingOn = decision.movedOn.awaiting_decision ?? readyOn;
  const filedOn = addDays(readyOn, Math.round((random.int(0, 15) / 15) * daysBetween(readyOn, awaitingOn)));
  const decided = matter.stage !== 'awaiting_decision';
  const hearing = !decided && random.chance(0.6) ? addDays(today, random.int(3, 60)) : null;
  // Without a hearing the court is to rule within 90 days of filing: for matters filed longest ago that
  // day has passed with no decision, which the calendar shows as overdue (the court to chase).
  const ruleBy = !decided && !hearing ? addDays(filedOn, 90) : null;
  const outcomeBy = decision.movedOn.outcome_to_send ?? today;
  const decidedOn = decided
    ? addDays(filedOn, random.int(0, Math.max(0, Math.min(45, daysBetween(filedOn, outcomeBy)))))
    : null;
  into.petitions.push({
    id: petitionId,
    matter_id: matter.id,
    office_id: matter.office_id,
    remedy: 'pc1203.4',
    case_number: caseNumber,
    form_set: 'cr180_cr181',
    court: `Superior Court of California, County of ${matter.county}`,
    status: decided ? 'decided' : hearing ? 'hearing_set' : 'filed',
    filed_on: filedOn,
    served_on: filedOn,
    hearing_on: hearing,
    rule_by_on: ruleBy,
    decided_on: decidedOn,
    order_file_id: null,
    created_at: stamp,
    updated_at: stamp,
  });
  for (const convictionId of convictionIds)
    into.petitionConvictions.push({
      petition_id: petitionId,
      conviction_id: convictionId,
      outcome: decided ? (random.chance(0.85) ? 'granted' : 'denied') : null,
    });
}

/**
 * A conviction date the person could have: on or after their 18th birthday (and not before 1995),
 * with the three years of probation over before the matter was received (so never after today).
 * Draws from the stream exactly as the fixed 1995-2020 dates did, so the records after it stay as
 * they were; the draws place the date within the person's own window.
 */
function convictionDate(random: Random, dateOfBirth: string, receivedOn: string): string {
  const year = random.int(1995, 2020) - 1995;
  const month = random.int(1, 9) - 1;
  const day = random.int(0, 9);
  const fraction = (year * 90 + month * 10 + day) / (26 * 90);
  const adult = `${Number(dateOfBirth.slice(0, 4)) + ADULT_AGE}${dateOfBirth.slice(4)}`;
  const earliest = adult > '1995-01-01' ? adult : '1995-01-01';
  const latest = addDays(receivedOn, -PROBATION_DAYS - 1);
  // A person too young for a completed adult probation before the referral is convicted at 18.
  if (latest < earliest) return earliest;
  return addDays(earliest, Math.floor(fraction * (daysBetween(earliest, latest) + 1)));
}

function request(
  matter: NewMatter,
  kind: DocumentKind,
  from: RequestedFrom,
  requestedOn: string,
  dueOn: string,
  stamp: string,
): Insertable<Database['document_requests']> {
  return {
    id: newId(),
    matter_id: matter.id,
    office_id: matter.office_id,
    kind,
    requested_from: from,
    requested_on: requestedOn,
    due_on: dueOn,
    status: 'requested',
    petition_id: null,
    live_scan_on: null,
    arrived_on: null,
    created_at: stamp,
    updated_at: stamp,
    updated_by: null,
  };
}

/** Every event names its data: rows are inserted many at a time, and a missing column would be null. */
function event(
  matter: NewMatter,
  kind: MatterEventKind,
  summary: string,
  occurredAt: string,
): NewMatterEvent {
  return {
    id: newId(),
    matter_id: matter.id,
    office_id: matter.office_id,
    kind,
    summary,
    data: '{}',
    actor_id: matter.assignee_id ?? null,
    occurred_at: occurredAt,
  };
}
