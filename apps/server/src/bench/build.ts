// Builds a benchmark database of N matters with realistic shapes: six years of referrals growing
// over time, most old matters closed, the open ones spread over the stages with the rows behind their
// queue facts (RAP sheet and docket requests outstanding, petitions with court dates), stale client
// contact, 1-3 convictions each, recent petitions, decisions and events for the dashboard. The queue
// facts are derived by the API's rules (queueFacts, and the first-contact trigger over each contact's
// update). Bulk-loaded with prepared statements in one transaction, with indexes and the counting
// triggers rebuilt afterwards (as any bulk load does).
import { hashPassword, refillKeptCounts } from '@relief-desk/api';
import { migrateToLatest, newId, openDatabase } from '@relief-desk/db';
import {
  addDays,
  DEFAULT_DUE_DAYS,
  type DocumentKind,
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
import { openSqlite } from './sqlite.ts';

export const BENCH_PASSWORD = 'benchmark pass phrase 2026';
export const BENCH_SUPERVISOR = 'supervisor@bench.example.org';
export const COUNTIES = ['Alameda', 'Contra Costa', 'San Francisco', 'San Mateo', 'Santa Clara'] as const;
const COUNTY_CODES: Record<string, string> = {
  Alameda: 'AL',
  'Contra Costa': 'CC',
  'San Francisco': 'SF',
  'San Mateo': 'SM',
  'Santa Clara': 'SC',
};
const SPAN_DAYS = 6 * 365;
const STAFF = 40;

export interface BuiltDatabase {
  officeId: string;
  supervisorId: string;
  today: string;
  seconds: number;
  /** CPU time of the build (user + system): on a shared machine, wall time says more about the neighbours. */
  cpuSeconds: number;
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

export async function buildBenchDatabase(
  path: string,
  matters: number,
  today: string,
): Promise<BuiltDatabase> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const app = openDatabase(path);
  await migrateToLatest(app.db);
  await app.close();

  const db = openSqlite(path);
  // A bulk load that fails is started again from nothing: no journal, no waiting for the disk.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.pragma('threads = 2');
  const tables = [
    'matters',
    'clients',
    'convictions',
    'matter_search',
    'petitions',
    'petition_convictions',
    'eligibility_decisions',
    'matter_events',
  ];
  // Indexes and the counting triggers are set aside while the rows go in and rebuilt after (as any
  // bulk load does); the triggers that write a matter's search words and its first contact stay, so
  // those have one author whichever code adds a matter. Two threads sort each rebuilt index.
  const rebuilt = db
    .prepare(
      `select type, name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null
       and tbl_name in (${tables.map(() => '?').join(',')})
       and name not in ('matter_search_on_insert', 'matters_first_contact')`,
    )
    .all(...tables) as { type: string; name: string; sql: string }[];
  for (const { type, name } of rebuilt) db.exec(`drop ${type} ${name}`);

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
  const now = `${today}T18:00:00.000Z`;
  const officeId = newId(new Date('2020-01-01T00:00:00Z'));
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const userIds: string[] = [];
  const supervisorId = newId(new Date('2020-01-01T00:00:01Z'));

  const insert = {
    office: db.prepare('insert into offices (id, name, created_at, updated_at) values (?, ?, ?, ?)'),
    county: db.prepare('insert into office_counties (office_id, county) values (?, ?)'),
    user: db.prepare(
      `insert into users (id, office_id, email, name, role, password_hash, can_view_rap_sheets, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    client: db.prepare(
      `insert into clients (id, office_id, legal_name, name_search, date_of_birth, preferred_language,
       contact_email, contact_sms, contact_letter, contact_phone, consent_to_text, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 0, 0, 1, 1, 0, ?, ?)`,
    ),
    matter: db.prepare(
      `insert into matters (id, reference, office_id, client_id, county, stage, assignee_id, referral_source,
       received_on, client_sort_name, first_opened_at, closed_at, rap_sheet_outstanding, earliest_document_due_on,
       next_court_date, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    request: db.prepare(
      `insert into document_requests (id, matter_id, office_id, kind, requested_from, requested_on, due_on, status,
       created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
    ),
    // A contact with the client, written as recordClientContact writes it.
    contact: db.prepare('update matters set last_client_contact_at = ? where id = ?'),
    conviction: db.prepare(
      `insert into convictions (id, matter_id, office_id, case_number, county, code, section, level, wobbler,
       conviction_date, sentence_kind, mandatory_supervision, probation_outcome, value_over_950, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'PC', ?, ?, 'no', ?, 'probation', 'no', 'completed', 'unknown', ?, ?)`,
    ),
    petition: db.prepare(
      `insert into petitions (id, matter_id, office_id, remedy, case_number, form_set, court, status, filed_on,
       hearing_on, decided_on, created_at, updated_at) values (?, ?, ?, 'pc1203.4', ?, 'cr180_cr181', 'Superior Court', ?, ?, ?, ?, ?, ?)`,
    ),
    petitionConviction: db.prepare(
      'insert into petition_convictions (petition_id, conviction_id, outcome) values (?, ?, ?)',
    ),
    decision: db.prepare(
      `insert into eligibility_decisions (id, conviction_id, matter_id, office_id, remedy, determination, reasons,
       decided_by, decided_at) values (?, ?, ?, ?, 'pc1203.4', 'eligible_mandatory', 'Probation completed (PC 1203.4(a)(1)).', ?, ?)`,
    ),
    event: db.prepare(
      `insert into matter_events (id, matter_id, office_id, kind, summary, actor_id, occurred_at, from_stage, to_stage)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  const load = db.transaction(() => {
    insert.office.run(officeId, 'Bay Area Record Clearance Project', now, now);
    for (const county of COUNTIES) insert.county.run(officeId, county);
    // The benchmark measures reading; the server's first follow-up sweep would otherwise queue
    // thousands of messages for this synthetic caseload while the measurements run.
    db.prepare(
      'insert into office_message_settings (office_id, follow_up_enabled, follow_up_days, updated_at) values (?, 0, 42, ?)',
    ).run(officeId, now);
    insert.user.run(
      supervisorId,
      officeId,
      BENCH_SUPERVISOR,
      'Bench Supervisor',
      'supervisor',
      passwordHash,
      now,
      now,
    );
    for (let u = 0; u < STAFF; u++) {
      const id = newId(new Date(Date.parse('2020-01-01T00:00:02Z') + u));
      userIds.push(id);
      const role = u % 3 === 0 ? 'attorney' : 'intake';
      const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
      insert.user.run(id, officeId, `staff${u}@bench.example.org`, name, role, passwordHash, now, now);
    }
    const start = addDays(today, -SPAN_DAYS);
    const startMs = Date.parse(`${start}T00:00:00Z`);
    let clientId = '';
    let clientName = '';
    let reference = 0;
    let referenceYear = '';
    const lastReferences = new Map<string, number>();
    for (let i = 0; i < matters; i++) {
      // Referrals grow over time: density rises linearly, so recent weeks hold the most.
      const day = Math.min(SPAN_DAYS, Math.floor(SPAN_DAYS * Math.sqrt(i / matters)));
      const receivedOn = addDays(start, day);
      const receivedAt = new Date(startMs + day * 86_400_000 + (i % 86_400) * 1000);
      const age = SPAN_DAYS - day;
      if (i === 0 || !random.chance(0.15)) {
        clientId = newId(receivedAt);
        const first = random.pick(FIRST_NAMES);
        clientName = `${first} ${random.chance(0.3) ? `${random.pick(FIRST_NAMES)} ` : ''}${random.pick(LAST_NAMES)}`;
        const dob = addDays('1950-01-01', random.int(0, 54 * 365));
        const language = random.pick([
          'en',
          'en',
          'en',
          'en',
          'en',
          'en',
          'es',
          'es',
          'es',
          'zh',
          'vi',
          'tl',
        ]);
        insert.client.run(
          clientId,
          officeId,
          clientName,
          nameSearchKey(clientName, []),
          dob,
          language,
          now,
          now,
        );
      }
      const stage = stageFor(age, pick);
      const open = (OPEN_STAGES as readonly string[]).includes(stage);
      // The dashboard's windows: eligibility decided in the last year, and the move out of review.
      const decision =
        age <= 365 &&
        ['petitions_to_file', 'awaiting_decision', 'outcome_to_send', 'closed', 'not_eligible'].includes(
          stage,
        )
          ? {
              decider: random.pick(userIds),
              at: `${addDays(receivedOn, Math.min(age, random.int(10, 30)))}T18:00:00.000Z`,
            }
          : null;
      // When it moved into its closed stage. That move is on the timeline only for matters closed in
      // the dashboard's last year as "closed" or "not eligible" (the move out of review): one for every
      // closing would add over 35,000 events (at 50,000 matters) that no query measured here reads.
      const closedOn = open ? null : addDays(receivedOn, Math.min(age, random.int(20, 200)));
      const closedAt =
        stage === 'not_eligible' && decision ? decision.at : closedOn ? `${closedOn}T20:00:00.000Z` : null;
      const id = newId(receivedAt);
      const county = random.pick([
        'Alameda',
        'Alameda',
        'Alameda',
        'Contra Costa',
        'Contra Costa',
        'San Francisco',
        'San Mateo',
        'Santa Clara',
      ]);
      const assigned = stage === 'referral_received' ? random.chance(0.4) : random.chance(0.9);
      const contactDay = random.chance(0.1) ? null : random.int(0, age);
      // Contacts with the client, first to last. The calls or messages behind them are not written:
      // 90,000 timeline rows would add a third to the build's time, and the queues read the contact
      // times, not the calls.
      const contacts =
        contactDay === null
          ? []
          : [
              `${addDays(receivedOn, Math.min(contactDay, random.int(0, 20)))}T16:00:00.000Z`,
              `${addDays(receivedOn, contactDay)}T17:00:00.000Z`,
            ];
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
          due_on: addDays(receivedOn, DEFAULT_DUE_DAYS.rap_sheet),
          status: 'requested',
        });
      if (open && stage === 'gathering_records' && random.chance(0.6))
        requests.push({
          kind: 'court_docket',
          from: 'court',
          due_on: addDays(receivedOn, random.int(20, 45)),
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
      insert.matter.run(
        id,
        `${referenceYear}-${String(reference).padStart(5, '0')}`,
        officeId,
        clientId,
        county,
        stage,
        assigned ? random.pick(userIds) : null,
        random.pick(['phone', 'phone', 'web_form', 'web_form', 'walk_in', 'partner', 'court', 'other']),
        receivedOn,
        nameSortKey(clientName),
        stage === 'referral_received' && random.chance(0.6) ? null : `${receivedOn}T19:00:00.000Z`,
        closedAt,
        facts.rap_sheet_outstanding,
        facts.earliest_document_due_on,
        facts.next_court_date,
        now,
        now,
      );
      for (const request of requests)
        insert.request.run(
          newId(receivedAt),
          id,
          officeId,
          request.kind,
          request.from,
          receivedOn,
          request.due_on,
          now,
          now,
        );
      for (const at of contacts) insert.contact.run(at, id);
      const convictions: string[] = [];
      const count = random.chance(0.6) ? 1 : random.chance(0.7) ? 2 : 3;
      for (let c = 0; c < count; c++) {
        const convictionId = newId(receivedAt);
        convictions.push(convictionId);
        const year = random.int(1990, 2022);
        const caseNumber = `${COUNTY_CODES[county]}${String(year).slice(2)}CR${String(random.int(0, 999_999)).padStart(6, '0')}`;
        insert.conviction.run(
          convictionId,
          id,
          officeId,
          caseNumber,
          county,
          random.pick(['11350', '484', '459', '23152', '273.5', '10851']),
          random.pick(['felony', 'misdemeanor']),
          `${year}-06-01`,
          now,
          now,
        );
      }
      if (decision) {
        const { decider, at: decidedAt } = decision;
        for (const convictionId of convictions)
          insert.decision.run(newId(receivedAt), convictionId, id, officeId, decider, decidedAt);
        const next = stage === 'not_eligible' ? 'not_eligible' : 'petitions_to_file';
        insert.event.run(
          newId(receivedAt),
          id,
          officeId,
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
        const filedOn = addDays(receivedOn, Math.min(age, random.int(25, 45)));
        const decided = petition.status === 'decided';
        const decidedOn = decided ? addDays(filedOn, Math.min(age, random.int(20, 60))) : null;
        insert.petition.run(
          petitionId,
          id,
          officeId,
          'case',
          petition.status,
          filedOn,
          petition.hearing_on,
          decidedOn,
          now,
          now,
        );
        for (const convictionId of convictions)
          insert.petitionConviction.run(
            petitionId,
            convictionId,
            decided ? (random.chance(0.85) ? 'granted' : 'denied') : null,
          );
        if (stage === 'closed' && closedAt)
          insert.event.run(
            newId(receivedAt),
            id,
            officeId,
            'stage_changed',
            'Moved from Outcome to send to Closed.',
            random.pick(userIds),
            closedAt,
            'outcome_to_send',
            'closed',
          );
      }
      if (age <= 7)
        insert.event.run(
          newId(receivedAt),
          id,
          officeId,
          'note',
          'Called the client.',
          random.pick(userIds),
          `${addDays(receivedOn, Math.min(age, 1))}T18:00:00.000Z`,
          null,
          null,
        );
    }
    // Each year's counter where nextMatterReference would have left it, so a matter added to the
    // built database takes the next free reference.
    const counter = db.prepare('insert into counters (office_id, name, value) values (?, ?, ?)');
    for (const [year, value] of lastReferences) counter.run(officeId, `matter-${year}`, value);
  });
  load();

  for (const { sql } of rebuilt.filter((r) => r.type === 'index')) db.exec(sql);
  for (const { sql } of rebuilt.filter((r) => r.type === 'trigger')) db.exec(sql);
  db.pragma('journal_mode = WAL');
  db.close();
  // The counts the triggers keep, for the rows loaded while they were set aside.
  const filled = openDatabase(path);
  await refillKeptCounts(filled.db, 'sqlite');
  await filled.close();
  const cpu = process.cpuUsage(cpuStart);
  return {
    officeId,
    supervisorId,
    today,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
