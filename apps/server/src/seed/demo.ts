// Demo data for the quick start: two offices, one user per role (the README's logins), and a few
// hundred clients with matters in every stage, so every screen has something real to show.
import type { Clock } from '@relief-desk/api';
import { assignMissingOfficeSlugs, hashPassword, recordClientContact } from '@relief-desk/api';
import {
  type Database,
  type Db,
  inTransaction,
  type NewClient,
  type NewMatter,
  type NewMatterEvent,
  newId,
  type Tx,
} from '@relief-desk/db';
import {
  addDays,
  type County,
  californiaDate,
  foldName,
  isOpenStage,
  type MatterEventKind,
  matterCounterName,
  matterReference,
  nameSearchKey,
  nameSortKey,
  STAGE_LABELS,
  type Stage,
} from '@relief-desk/domain';
import type { Insertable } from 'kysely';
import { seedCourtData } from './courts.ts';
import { addLikelyDuplicate } from './duplicate.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES, STREETS } from './names.ts';
import { type Random, seededRandom } from './random.ts';
import { addMatterRecords, emptyRecords } from './records.ts';

export const DEMO_PASSWORD = 'relief-desk-demo';

const OFFICES = [
  {
    key: 'alameda',
    name: 'Alameda County Public Defender',
    phone: '(510) 555-0100',
    email: 'cleanslate@example.org',
    address: '1401 Lakeside Drive, Oakland, CA 94612',
    counties: ['Alameda'],
    users: [
      { email: 'intake@example.org', name: 'Rosa Delgado', role: 'intake' },
      { email: 'attorney@example.org', name: 'Daniel Okafor', role: 'attorney' },
      { email: 'supervisor@example.org', name: 'Mei-Ling Chu', role: 'supervisor' },
      { email: 'admin@example.org', name: 'Sam Whitaker', role: 'admin' },
      { email: 'jorge.ibanez@example.org', name: 'Jorge Ibáñez', role: 'intake' },
      { email: 'priya.raman@example.org', name: 'Priya Raman', role: 'attorney' },
    ],
  },
  {
    key: 'legalaid',
    name: 'Golden Gate Legal Aid',
    phone: '(415) 555-0140',
    email: 'records@legalaid.example.org',
    address: '995 Market Street, San Francisco, CA 94103',
    counties: ['Contra Costa', 'San Francisco'],
    users: [
      { email: 'intake@legalaid.example.org', name: 'Tomás Peña', role: 'intake' },
      { email: 'attorney@legalaid.example.org', name: 'Grace Liu', role: 'attorney' },
      { email: 'supervisor@legalaid.example.org', name: 'Antoine Baptiste', role: 'supervisor' },
      { email: 'admin@legalaid.example.org', name: 'Kim Nakamura', role: 'admin' },
    ],
  },
] as const;

// How a matter typically got to each stage, and how many of the caseload sit there.
const PATHS: Record<Stage, { via: Stage[]; weight: number }> = {
  referral_received: { via: [], weight: 14 },
  gathering_records: { via: [], weight: 22 },
  eligibility_review: { via: ['gathering_records'], weight: 14 },
  petitions_to_file: { via: ['gathering_records', 'eligibility_review'], weight: 10 },
  awaiting_decision: { via: ['gathering_records', 'eligibility_review', 'petitions_to_file'], weight: 12 },
  outcome_to_send: {
    via: ['gathering_records', 'eligibility_review', 'petitions_to_file', 'awaiting_decision'],
    weight: 6,
  },
  closed: {
    via: [
      'gathering_records',
      'eligibility_review',
      'petitions_to_file',
      'awaiting_decision',
      'outcome_to_send',
    ],
    weight: 8,
  },
  not_eligible: { via: ['gathering_records', 'eligibility_review'], weight: 5 },
  // Only cases in counties another office serves are referred out (see buildCaseload).
  referred_out: { via: [], weight: 0 },
  withdrawn: { via: ['gathering_records'], weight: 3 },
  unable_to_reach: { via: [], weight: 3 },
};
const SOURCES = ['phone', 'walk_in', 'web_form', 'partner', 'court', 'other'] as const;
const PARTNERS = ['Root & Rebound', 'Centro Legal de la Raza', 'Oakland Workforce Board', 'Rubicon Programs'];

export interface SeedSummary {
  offices: number;
  users: number;
  clients: number;
  matters: number;
}

export async function seedDemoDataIfEmpty(
  db: Db,
  clock: Clock,
  clientsPerOffice = 130,
): Promise<SeedSummary | null> {
  const anyOffice = await db.selectFrom('offices').select('id').limit(1).executeTakeFirst();
  if (anyOffice) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const random = seededRandom(20261128);
  const now = clock.now();
  const today = californiaDate(now);

  return inTransaction(db, async ({ tx }) => {
    const summary: SeedSummary = { offices: 0, users: 0, clients: 0, matters: 0 };
    for (const office of OFFICES) {
      const officeId = newId(now);
      const stamp = now.toISOString();
      await tx
        .insertInto('offices')
        .values({
          id: officeId,
          name: office.name,
          phone: office.phone,
          email: office.email,
          address: office.address,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
      await tx
        .insertInto('office_counties')
        .values(office.counties.map((county) => ({ office_id: officeId, county })))
        .execute();
      await assignMissingOfficeSlugs(tx);
      const staff = office.users.map((u) => ({ ...u, id: newId(now) }));
      await tx
        .insertInto('users')
        .values(
          staff.map((u) => ({
            id: u.id,
            office_id: officeId,
            email: u.email,
            name: u.name,
            role: u.role,
            password_hash: passwordHash,
            can_view_rap_sheets: u.role === 'attorney' || u.role === 'supervisor' ? 1 : 0,
            created_at: stamp,
            updated_at: stamp,
          })),
        )
        .execute();
      await seedCourtData(tx, officeId, office.counties, staff, stamp, 281_304 + summary.offices * 40_000);
      summary.offices++;
      summary.users += staff.length;

      const caseload = buildCaseload(random, {
        officeId,
        counties: office.counties,
        staffIds: staff.filter((u) => u.role !== 'admin').map((u) => u.id),
        attorneyIds: staff.filter((u) => u.role === 'attorney').map((u) => u.id),
        today,
        count: clientsPerOffice,
      });
      await insertInChunks(tx, 'clients', caseload.clients);
      await insertInChunks(tx, 'matters', caseload.matters);
      await insertInChunks(tx, 'matter_events', caseload.events);
      await insertInChunks(tx, 'counters', caseload.counters);
      await insertInChunks(tx, 'convictions', caseload.records.convictions);
      await insertInChunks(tx, 'document_requests', caseload.records.requests);
      await insertInChunks(tx, 'petitions', caseload.records.petitions);
      await insertInChunks(tx, 'petition_convictions', caseload.records.petitionConvictions);
      await insertInChunks(tx, 'eligibility_decisions', caseload.records.decisions);
      await insertInChunks(tx, 'client_person_facts', [...caseload.records.personFacts.values()]);
      await insertInChunks(tx, 'matter_events', caseload.records.events);
      // Last and first contact are written as the API writes them for each call.
      for (const contact of caseload.records.contacts)
        await recordClientContact(tx, contact.matterId, contact.at);
      // A referral waiting whose person is likely a client already, to try the duplicate check and a merge.
      if (
        office.key === 'alameda' &&
        (await addLikelyDuplicate(tx, caseload.clients, { officeId, county: office.counties[0], today }))
      ) {
        summary.clients++;
        summary.matters++;
      }
      summary.clients += caseload.clients.length;
      summary.matters += caseload.matters.length;
    }
    return summary;
  });
}

async function insertInChunks<T extends keyof Database>(
  tx: Tx,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: kysely cannot narrow a generic table's insert type.
      .values(rows.slice(i, i + 200) as any)
      .execute();
  }
}

interface CaseloadOptions {
  officeId: string;
  counties: readonly County[];
  staffIds: string[];
  /** Who records the eligibility decisions. */
  attorneyIds: string[];
  today: string;
  count: number;
}

function buildCaseload(random: Random, options: CaseloadOptions) {
  const clients: NewClient[] = [];
  const matters: NewMatter[] = [];
  const events: NewMatterEvent[] = [];
  const sequences = new Map<string, number>();
  // A separate stream for the records, so adding them left the names and stages as they were.
  const recordsRandom = seededRandom(20261129);
  const records = emptyRecords();
  const stages = Object.entries(PATHS) as [Stage, { via: Stage[]; weight: number }][];
  const totalWeight = stages.reduce((sum, [, p]) => sum + p.weight, 0);
  const pickStage = (): Stage => {
    let roll = random.next() * totalWeight;
    for (const [stage, path] of stages) {
      roll -= path.weight;
      if (roll < 0) return stage;
    }
    return 'gathering_records';
  };

  for (let i = 0; i < options.count; i++) {
    const first = random.pick(FIRST_NAMES);
    const middle = random.chance(0.3) ? ` ${random.pick(FIRST_NAMES)}` : '';
    const last = random.chance(0.25)
      ? `${random.pick(LAST_NAMES)} ${random.pick(LAST_NAMES)}`
      : random.pick(LAST_NAMES);
    const legalName = `${first}${middle} ${last}`;
    const county = random.pick(options.counties);
    const place = random.pick(CITIES[county] ?? [{ city: 'Oakland', zip: '94612' }]);
    const spanish = /[áéíóúñ]/i.test(legalName) && random.chance(0.7);
    const sms = random.chance(0.6);
    const stamp = `${options.today}T16:00:00.000Z`;
    const clientId = newId();
    const otherNames = random.chance(0.2) ? [`${first} ${random.pick(LAST_NAMES)}`] : [];
    // Drawn in the order the record lists them, so the demo people stay who they were.
    const dateOfBirth = `${random.int(1955, 2003)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
    const phone = `(${county === 'San Francisco' ? 415 : 510}) 555-${String(random.int(1000, 9999))}`;
    const email = random.chance(0.7) ? `${foldName(first).replace(/ /g, '')}.${i}@example.net` : '';
    clients.push({
      id: clientId,
      office_id: options.officeId,
      legal_name: legalName,
      other_names: JSON.stringify(otherNames),
      name_search: nameSearchKey(legalName, otherNames),
      date_of_birth: dateOfBirth,
      phone,
      email,
      address_line1: `${random.int(100, 9999)} ${random.pick(STREETS)}`,
      address_line2: random.chance(0.2) ? `Apt ${random.int(1, 40)}` : '',
      city: place.city,
      state: 'CA',
      postal_code: place.zip,
      preferred_language: spanish ? 'es' : random.chance(0.05) ? 'vi' : 'en',
      // E-mail only for people who gave an address (the same rule the referral form applies).
      contact_email: random.chance(0.7) && email !== '' ? 1 : 0,
      contact_sms: sms ? 1 : 0,
      contact_letter: 1,
      contact_phone: 1,
      consent_to_text: sms ? 1 : 0,
      created_at: stamp,
      updated_at: stamp,
    });
    // Their matters carry their language, as a referral's do.
    const clientLanguage = clients[clients.length - 1]?.preferred_language ?? 'en';

    // Most people have one matter here; some also have a case in a county another office serves.
    const matterCounties = [county];
    if (random.chance(0.12))
      matterCounties.push(random.pick(['San Mateo', 'Santa Clara', 'Solano', 'Sacramento']));
    for (const matterCounty of matterCounties) {
      const stage: Stage = matterCounty === county ? pickStage() : 'referred_out';
      const path = PATHS[stage];
      // Later stages were, on the whole, received longer ago.
      const ageDays = random.int(1 + path.via.length * 12, 20 + path.via.length * 45);
      const receivedOn = addDays(options.today, -ageDays);
      const year = receivedOn.slice(0, 4);
      const sequence = (sequences.get(year) ?? 0) + 1;
      sequences.set(year, sequence);
      const source = random.pick(SOURCES);
      const matterId = newId();
      const assignee =
        stage === 'referral_received' && random.chance(0.6) ? null : random.pick(options.staffIds);
      // The stages it moved through, each on its own day; eligibility was decided on the day it left
      // eligibility review.
      const steps = stage === 'referral_received' ? [] : [...path.via.filter((s) => s !== stage), stage];
      const stepDay = (index: number) => addDays(receivedOn, Math.min(ageDays - 1, (index + 1) * 10));
      const movedAt = (index: number) => `${stepDay(index)}T18:${pad(index)}:00.000Z`;
      // As a move writes them: a matter closes, and was last saved, when it made its last move.
      const lastMoveAt = steps.length > 0 ? movedAt(steps.length - 1) : `${receivedOn}T17:00:00.000Z`;
      const matter = {
        id: matterId,
        reference: matterReference(year, sequence),
        office_id: options.officeId,
        client_id: clientId,
        county: matterCounty,
        stage,
        referred_to_office_id: null,
        assignee_id: assignee,
        referral_source: source,
        referral_source_detail:
          source === 'partner' ? random.pick(PARTNERS) : source === 'other' ? 'Community fair' : '',
        received_on: receivedOn,
        referral_note: random.chance(0.4) ? 'Wants to apply for jobs that run background checks.' : '',
        client_sort_name: nameSortKey(legalName),
        client_language: clientLanguage,
        first_opened_at:
          stage === 'referral_received' && random.chance(0.5) ? null : `${receivedOn}T17:00:00.000Z`,
        closed_at: isOpenStage(stage) ? null : lastMoveAt,
        created_at: `${receivedOn}T17:00:00.000Z`,
        updated_at: lastMoveAt,
        updated_by: assignee,
      } satisfies NewMatter;
      const row: NewMatter & { stage: Stage } = { ...matter };
      const review = steps.indexOf('eligibility_review');
      addMatterRecords(
        recordsRandom,
        row,
        options.today,
        records,
        {
          decidedOn: review >= 0 && review + 1 < steps.length ? stepDay(review + 1) : null,
          deciderId: recordsRandom.pick(options.attorneyIds),
          movedOn: Object.fromEntries(steps.map((step, index) => [step, stepDay(index)])),
        },
        dateOfBirth,
      );
      matters.push(row);
      events.push(
        event(
          matterId,
          options.officeId,
          'referral_received',
          `Referral received by ${source.replace('_', '-')}.`,
          assignee,
          `${receivedOn}T17:00:00.000Z`,
        ),
      );
      steps.forEach((step, index) => {
        const summary =
          step === 'referred_out'
            ? `${matterCounty} County is outside this office's area: referred out.`
            : `Moved to ${STAGE_LABELS[step]}.`;
        events.push({
          ...event(matterId, options.officeId, 'stage_changed', summary, assignee, movedAt(index)),
          from_stage: steps[index - 1] ?? 'referral_received',
          to_stage: step,
        });
      });
    }
  }

  const counters = [...sequences].map(([year, value]) => ({
    office_id: options.officeId,
    name: matterCounterName(year),
    value,
  }));
  return { clients, matters, events, counters, records };
}

function event(
  matterId: string,
  officeId: string,
  kind: MatterEventKind,
  summary: string,
  actorId: string | null,
  occurredAt: string,
): NewMatterEvent {
  return {
    id: newId(),
    matter_id: matterId,
    office_id: officeId,
    kind,
    summary,
    actor_id: actorId,
    occurred_at: occurredAt,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
