// A matter one office of the desk passed on to another (matters.passOn) arrives there from "another
// office" (matters.referral_source 'another_office'), not from a partner organisation: the receiving
// office's counts by source (the dashboard's, the queue filter's) tell the two apart. The source is a
// closed set checked since 0027: its check is replaced (the list frozen here as it was when this was
// written). Matters passed on before arrived as 'partner' with the detail "passed on by <office>";
// those the sending matter links to (migration 0054) are moved to the new source, and the counts
// kept per day and source follow through their triggers (migration 0029).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const SOURCES_0027 = [
  'phone',
  'walk_in',
  'web_form',
  'partner',
  'online_application',
  'court',
  'other',
] as const;
export const REFERRAL_SOURCE_SETS_0058: ClosedSets = {
  matters: { referral_source: [...SOURCES_0027, 'another_office'] },
};

const passedOnHere = (db: AnyDb) =>
  db
    .selectFrom('matters as sending')
    .select('sending.passed_on_to_matter_id')
    .where('sending.passed_on_to_matter_id', 'is not', null);

export async function up(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, { matters: { referral_source: SOURCES_0027 } });
  await addClosedSetChecks(db, REFERRAL_SOURCE_SETS_0058);
  await db
    .updateTable('matters')
    .set({ referral_source: 'another_office' })
    .where('referral_source', '=', 'partner')
    .where('referral_source_detail', 'like', 'passed on by %')
    .where('id', 'in', passedOnHere(db))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, REFERRAL_SOURCE_SETS_0058);
  // The older list has no word for another office: such matters arrived as from a partner.
  await db
    .updateTable('matters')
    .set({ referral_source: 'partner' })
    .where('referral_source', '=', 'another_office')
    .execute();
  await addClosedSetChecks(db, { matters: { referral_source: SOURCES_0027 } });
}
