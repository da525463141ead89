// The benchmark's caseload, generated apart from the database so it can run in a thread of its own
// (caseload-worker.ts) while the main thread writes. Each batch holds, per table, the values that
// vary from row to row, flat and in the order of that table's `columns` below; what every row of a
// table shares is written into its statement once (see build.ts).
import { newId } from '@relief-desk/db';
import {
  addDays,
  DEFAULT_DUE_DAYS,
  type DocumentKind,
  matterCounterName,
  matterReference,
  nameSearchKey,
  nameSortKey,
  OPEN_STAGES,
  type PetitionStatus,
  queueFacts,
  type RequestedFrom,
  type Stage,
} from '@relief-desk/domain';
import { FIRST_NAMES, LAST_NAMES } from '../seed/names.ts';
import { seededRandom } from '../seed/random.ts';

const SPAN_DAYS = 6 * 365;
const STAFF = 40;
const COUNTY_CODES: Record<string, string> = {
  Alameda: 'AL',
  'Contra Costa': 'CC',
  'San Francisco': 'SF',
  'San Mateo': 'SM',
  'Santa Clara': 'SC',
};

/** A column every row of the table shares: an SQL literal, or the office, the build's time or the password hash. */
export type Shared = { sql: string } | 'office' | 'now' | 'password';

interface TableSpec {
  table: string;
  /** The columns whose values the batches carry, in order. */
  columns: readonly string[];
  shared: Readonly<Record<string, Shared>>;
}

const literal = (sql: string): Shared => ({ sql });
const stamps = { created_at: 'now', updated_at: 'now' } as const;

/** The tables a batch fills, in the order they are written (each row's references before it). */
export const CASELOAD_TABLES = {
  users: {
    table: 'users',
    columns: ['id', 'email', 'name', 'role'],
    shared: { office_id: 'office', password_hash: 'password', can_view_rap_sheets: literal('1'), ...stamps },
  },
  clients: {
    table: 'clients',
    columns: ['id', 'legal_name', 'name_search', 'date_of_birth', 'preferred_language'],
    shared: {
      office_id: 'office',
      contact_email: literal('0'),
      contact_sms: literal('0'),
      contact_letter: literal('1'),
      contact_phone: literal('1'),
      consent_to_text: literal('0'),
      ...stamps,
    },
  },
  matters: {
    table: 'matters',
    columns: [
      'id',
      'reference',
      'client_id',
      'county',
      'stage',
      'assignee_id',
      'referral_source',
      'received_on',
      'client_sort_name',
      'client_language',
      'first_opened_at',
      'closed_at',
      'rap_sheet_outstanding',
      'earliest_document_due_on',
      'next_court_date',
      'last_client_contact_at',
    ],
    shared: { office_id: 'office', ...stamps },
  },
  document_requests: {
    table: 'document_requests',
    columns: ['id', 'matter_id', 'kind', 'requested_from', 'requested_on', 'due_on'],
    shared: { office_id: 'office', status: literal("'requested'"), ...stamps },
  },
  convictions: {
    table: 'convictions',
    columns: ['id', 'matter_id', 'case_number', 'county', 'section', 'level', 'conviction_date'],
    shared: {
      office_id: 'office',
      code: literal("'PC'"),
      wobbler: literal("'no'"),
      sentence_kind: literal("'probation'"),
      mandatory_supervision: literal("'no'"),
      probation_outcome: literal("'completed'"),
      value_over_950: literal("'unknown'"),
      ...stamps,
    },
  },
  eligibility_decisions: {
    table: 'eligibility_decisions',
    columns: ['id', 'conviction_id', 'matter_id', 'decided_by', 'decided_at'],
    shared: {
      office_id: 'office',
      remedy: literal("'pc1203.4'"),
      determination: literal("'eligible_mandatory'"),
      reasons: literal("'Probation completed (PC 1203.4(a)(1)).'"),
    },
  },
  petitions: {
    table: 'petitions',
    columns: ['id', 'matter_id', 'status', 'filed_on', 'hearing_on', 'decided_on'],
    shared: {
      office_id: 'office',
      remedy: literal("'pc1203.4'"),
      case_number: literal("'case'"),
      form_set: literal("'cr180_cr181'"),
      court: literal("'Superior Court'"),
      ...stamps,
    },
  },
  petition_convictions: {
    table: 'petition_convictions',
    columns: ['petition_id', 'conviction_id', 'outcome'],
    shared: {},
  },
  matter_events: {
    table: 'matter_events',
    columns: ['id', 'matter_id', 'kind', 'summary', 'actor_id', 'occurred_at', 'from_stage', 'to_stage'],
    shared: { office_id: 'office' },
  },
  counters: {
    table: 'counters',
    columns: ['name', 'value'],
    shared: { office_id: 'office' },
  },
} as const satisfies Record<string, TableSpec>;
export type CaseloadTable = keyof typeof CASELOAD_TABLES;

export interface CaseloadBatch {
  rows: Partial<Record<CaseloadTable, unknown[]>>;
  /**
   * Each contacted matter's last contact with the client, as [matter id, time] pairs, written after
   * the batch's matters as recordClientContact writes a contact. (A matter's row comes with its first
   * contact as its last so far: the state recordClientContact leaves after the first.)
   */
  lastContacts: string[];
}

export interface CaseloadOptions {
  matters: number;
  today: string;
  /** Matters per batch. */
  batchSize: number;
}

type Weights = [Stage, number][];
function stageFor(age: number, pick: (w: Weights) => Stage): Stage {
  if (age <= 7)
    return pick([
      ['referral_received', 70],
      ['gathering_records', 30],
    ]);
  if (age <= 30)
    return pick([
      ['referral_received', 10],
      ['gathering_records', 45],
      ['eligibility_review', 25],
      ['petitions_to_file', 10],
      ['withdrawn', 3],
      ['unable_to_reach', 2],
      ['not_eligible', 5],
    ]);
  if (age <= 90)
    return pick([
      ['gathering_records', 15],
      ['eligibility_review', 15],
      ['petitions_to_file', 15],
      ['awaiting_decision', 30],
      ['outcome_to_send', 5],
      ['closed', 10],
      ['not_eligible', 7],
      ['withdrawn', 3],
    ]);
  if (age <= 180)
    return pick([
      ['eligibility_review', 2],
      ['awaiting_decision', 25],
      ['outcome_to_send', 8],
      ['closed', 50],
      ['not_eligible', 10],
      ['withdrawn', 5],
    ]);
  return pick([
    ['closed', 80],
    ['not_eligible', 12],
    ['withdrawn', 4],
    ['unable_to_reach', 3],
    ['awaiting_decision', 0.5],
    ['outcome_to_send', 0.5],
  ]);
}

const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'es', 'es', 'es', 'zh', 'vi', 'tl'] as const;
const MATTER_COUNTIES = [
  'Alameda',
  'Alameda',
  'Alameda',
  'Contra Costa',
  'Contra Costa',
  'San Francisco',
  'San Mateo',
  'Santa Clara',
] as const;
const SOURCES = ['phone', 'phone', 'web_form', 'web_form', 'walk_in', 'partner', 'court', 'other'] as const;
const SECTIONS = ['11350', '484', '459', '23152', '273.5', '10851'] as const;
const DECIDED_STAGES: readonly string[] = [
  'petitions_to_file',
  'awaiting_decision',
  'outcome_to_send',
  'closed',
  'not_eligible',
];

/**
 * Six years of referrals growing over time, most old matters closed, the open ones spread over the
 * stages with the rows behind their queue facts (RAP sheet and docket requests outstanding, petitions
 * with court dates), stale client contact, 1-3 convictions each, recent petitions, decisions and
 * events for the dashboard. The first batch also holds the staff, the last each year's reference counter.
 */
export function* caseloadBatches({ matters, today, batchSize }: CaseloadOptions): Generator<CaseloadBatch> {
  const random = seededRandom(20261128);
  const pick = (weights: Weights): Stage => {
    const total = weights.reduce((s, [, w]) => s + w, 0);
    let r = random.next() * total;
    for (const [stage, w] of weights) {
      r -= w;
      if (r <= 0) return stage;
    }
    return weights[0]?.[0] ?? 'closed';
  };
  // A date a whole number of days after the first day of the span, as addDays writes it: one call per
  // day, not one per row.
  const start = addDays(today, -SPAN_DAYS);
  const startMs = Date.parse(`${start}T00:00:00Z`);
  const daysOf = (from: string) => {
    const days = new Map<number, string>();
    return (offset: number): string => {
      let day = days.get(offset);
      if (day === undefined) {
        day = addDays(from, offset);
        days.set(offset, day);
      }
      return day;
    };
  };
  const dayOf = daysOf(start);
  // Names come from short lists and repeat: each name's keys are worked out once.
  const keysByName = new Map<string, { sort: string; search: string }>();
  const nameKeys = (name: string) => {
    let keys = keysByName.get(name);
    if (!keys) {
      keys = { sort: nameSortKey(name), search: nameSearchKey(name, []) };
      keysByName.set(name, keys);
    }
    return keys;
  };
  const birthDay = daysOf('1950-01-01');
  const userIds: string[] = [];
  const users: unknown[] = [];
  for (let u = 0; u < STAFF; u++) {
    const id = newId(new Date(Date.parse('2020-01-01T00:00:02Z') + u));
    userIds.push(id);
    const role = u % 3 === 0 ? 'attorney' : 'intake';
    const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    users.push(id, `staff${u}@bench.example.org`, name, role);
  }
  const empty = (): CaseloadBatch => ({ rows: {}, lastContacts: [] });
  let batch: CaseloadBatch = empty();
  batch.rows.users = users;
  const push = (table: CaseloadTable, ...values: unknown[]) => {
    const rows = batch.rows[table];
    if (rows) rows.push(...values);
    else batch.rows[table] = values;
  };

  let clientId = '';
  let clientName = '';
  let clientSortName = '';
  let clientLanguage = '';
  let reference = 0;
  let referenceYear = '';
  const lastReferences = new Map<string, number>();
  for (let i = 0; i < matters; i++) {
    // Referrals grow over time: density rises linearly, so recent weeks hold the most.
    const day = Math.min(SPAN_DAYS, Math.floor(SPAN_DAYS * Math.sqrt(i / matters)));
    const receivedOn = dayOf(day);
    const receivedAt = new Date(startMs + day * 86_400_000 + (i % 86_400) * 1000);
    const age = SPAN_DAYS - day;
    if (i === 0 || !random.chance(0.15)) {
      clientId = newId(receivedAt);
      const first = random.pick(FIRST_NAMES);
      clientName = `${first} ${random.chance(0.3) ? `${random.pick(FIRST_NAMES)} ` : ''}${random.pick(LAST_NAMES)}`;
      const keys = nameKeys(clientName);
      clientSortName = keys.sort;
      const dob = birthDay(random.int(0, 54 * 365));
      clientLanguage = random.pick(LANGUAGES);
      push('clients', clientId, clientName, keys.search, dob, clientLanguage);
    }
    const stage = stageFor(age, pick);
    const open = (OPEN_STAGES as readonly string[]).includes(stage);
    // The dashboard's windows: eligibility decided in the last year, and the move out of review.
    const decision =
      age <= 365 && DECIDED_STAGES.includes(stage)
        ? {
            decider: random.pick(userIds),
            at: `${dayOf(day + Math.min(age, random.int(10, 30)))}T18:00:00.000Z`,
          }
        : null;
    // When it moved into its closed stage. That move is on the timeline only for matters closed in
    // the dashboard's last year as "closed" or "not eligible" (the move out of review): one for every
    // closing would add over 35,000 events (at 50,000 matters) that no query measured here reads.
    const closedOn = open ? null : dayOf(day + Math.min(age, random.int(20, 200)));
    const closedAt =
      stage === 'not_eligible' && decision ? decision.at : closedOn ? `${closedOn}T20:00:00.000Z` : null;
    const id = newId(receivedAt);
    const county = random.pick(MATTER_COUNTIES);
    const assigned = stage === 'referral_received' ? random.chance(0.4) : random.chance(0.9);
    const contactDay = random.chance(0.1) ? null : random.int(0, age);
    // Contacts with the client, first to last. The calls or messages behind them are not written:
    // 90,000 timeline rows would add a third to the build's time, and the queues read the contact
    // times, not the calls.
    const firstContactAt =
      contactDay === null ? null : `${dayOf(day + Math.min(contactDay, random.int(0, 20)))}T16:00:00.000Z`;
    if (contactDay !== null) batch.lastContacts.push(id, `${dayOf(day + contactDay)}T17:00:00.000Z`);
    const requests: { kind: DocumentKind; from: RequestedFrom; due_on: string; status: 'requested' }[] = [];
    if (
      open &&
      (stage === 'gathering_records'
        ? random.chance(0.7)
        : stage === 'referral_received' && random.chance(0.2))
    )
      requests.push({
        kind: 'rap_sheet',
        from: 'doj',
        due_on: dayOf(day + DEFAULT_DUE_DAYS.rap_sheet),
        status: 'requested',
      });
    if (open && stage === 'gathering_records' && random.chance(0.6))
      requests.push({
        kind: 'court_docket',
        from: 'court',
        due_on: dayOf(day + random.int(20, 45)),
        status: 'requested',
      });
    const court =
      stage === 'awaiting_decision' && random.chance(0.85) ? addDays(today, random.int(-10, 90)) : null;
    // A matter awaiting a decision has its petition before the court whatever its age; decided ones
    // are written for the dashboard's last year.
    const petition: { status: PetitionStatus; hearing_on: string | null } | null =
      stage === 'awaiting_decision'
        ? { status: court ? 'hearing_set' : 'filed', hearing_on: court }
        : age <= 365 && (stage === 'outcome_to_send' || stage === 'closed')
          ? { status: 'decided', hearing_on: null }
          : null;
    const facts = queueFacts({ requests, petitions: petition ? [petition] : [] });
    if (receivedOn.slice(0, 4) !== referenceYear) {
      referenceYear = receivedOn.slice(0, 4);
      reference = 0;
    }
    reference += 1;
    lastReferences.set(referenceYear, reference);
    push(
      'matters',
      id,
      matterReference(referenceYear, reference),
      clientId,
      county,
      stage,
      assigned ? random.pick(userIds) : null,
      random.pick(SOURCES),
      receivedOn,
      clientSortName,
      clientLanguage,
      stage === 'referral_received' && random.chance(0.6) ? null : `${receivedOn}T19:00:00.000Z`,
      closedAt,
      facts.rap_sheet_outstanding,
      facts.earliest_document_due_on,
      facts.next_court_date,
      firstContactAt,
    );
    for (const request of requests)
      push(
        'document_requests',
        newId(receivedAt),
        id,
        request.kind,
        request.from,
        receivedOn,
        request.due_on,
      );
    const convictions: string[] = [];
    const count = random.chance(0.6) ? 1 : random.chance(0.7) ? 2 : 3;
    for (let c = 0; c < count; c++) {
      const convictionId = newId(receivedAt);
      convictions.push(convictionId);
      const year = random.int(1990, 2022);
      const caseNumber = `${COUNTY_CODES[county]}${String(year).slice(2)}CR${String(random.int(0, 999_999)).padStart(6, '0')}`;
      push(
        'convictions',
        convictionId,
        id,
        caseNumber,
        county,
        random.pick(SECTIONS),
        random.pick(['felony', 'misdemeanor']),
        `${year}-06-01`,
      );
    }
    if (decision) {
      const { decider, at: decidedAt } = decision;
      for (const convictionId of convictions)
        push('eligibility_decisions', newId(receivedAt), convictionId, id, decider, decidedAt);
      const next = stage === 'not_eligible' ? 'not_eligible' : 'petitions_to_file';
      push(
        'matter_events',
        newId(receivedAt),
        id,
        'stage_changed',
        `Moved from Eligibility review to ${next === 'not_eligible' ? 'Not eligible' : 'Petitions to file'}.`,
        decider,
        decidedAt,
        'eligibility_review',
        next,
      );
    }
    if (petition) {
      const petitionId = newId(receivedAt);
      const filedOffset = day + Math.min(age, random.int(25, 45));
      const decided = petition.status === 'decided';
      const decidedOn = decided ? dayOf(filedOffset + Math.min(age, random.int(20, 60))) : null;
      push('petitions', petitionId, id, petition.status, dayOf(filedOffset), petition.hearing_on, decidedOn);
      for (const convictionId of convictions)
        push(
          'petition_convictions',
          petitionId,
          convictionId,
          decided ? (random.chance(0.85) ? 'granted' : 'denied') : null,
        );
      if (stage === 'closed' && closedAt)
        push(
          'matter_events',
          newId(receivedAt),
          id,
          'stage_changed',
          'Moved from Outcome to send to Closed.',
          random.pick(userIds),
          closedAt,
          'outcome_to_send',
          'closed',
        );
    }
    if (age <= 7)
      push(
        'matter_events',
        newId(receivedAt),
        id,
        'note',
        'Called the client.',
        random.pick(userIds),
        `${dayOf(day + Math.min(age, 1))}T18:00:00.000Z`,
        null,
        null,
      );
    if ((i + 1) % batchSize === 0 && i + 1 < matters) {
      yield batch;
      batch = empty();
    }
  }
  // Each year's counter where nextMatterReference would have left it, so a matter added to the
  // built database takes the next free reference.
  for (const [year, value] of lastReferences) push('counters', matterCounterName(year), value);
  yield batch;
}
