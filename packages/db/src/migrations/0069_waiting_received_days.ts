// The dashboard's ageing watches the promise made to each person: what they qualify for in about
// 2-6 weeks. It counted every open matter by its day received, matters before the court too, which
// have had their answer and wait on the court for months, so the oldest band said little about
// anyone still waiting. waiting_received_days counts, per office, day received and assignee ('' for
// none), the open matters still waiting for that answer: referral received, gathering records,
// eligibility review (the stages frozen here as they were when this was written). It replaces
// open_received_days, which nothing else read. Kept by triggers as 0029's counts are; going down
// makes open_received_days again, filled from the matters.
import { type Kysely, PostgresAdapter } from 'kysely';
import {
  dropKept,
  type Kept,
  makeKept,
  openReceivedDays,
} from './0029_received_open_contact_and_filed_days.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const WAITING_STAGES_0069 = ['referral_received', 'gathering_records', 'eligibility_review'];

const WAITING_RECEIVED_DAYS: Kept = {
  table: 'waiting_received_days',
  on: 'matters',
  key: ['office_id', 'day', 'assignee_id'],
  from: (of) => [`${of}.office_id`, `${of}.received_on`, `coalesce(${of}.assignee_id, '')`],
  counts: (of) =>
    `${of}.closed_at is null and ${of}.stage in (${WAITING_STAGES_0069.map((s) => `'${s}'`).join(', ')})`,
  columns: ['office_id', 'received_on', 'assignee_id', 'closed_at', 'stage'],
};

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await dropKept(db, { table: 'open_received_days', on: 'matters' }, postgres);
  await makeKept(db, WAITING_RECEIVED_DAYS, postgres);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await dropKept(db, WAITING_RECEIVED_DAYS, postgres);
  await openReceivedDays(db);
}
