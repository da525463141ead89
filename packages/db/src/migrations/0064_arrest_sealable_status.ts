// A status update for a client whose arrest may be sealed ("arrest_sealable"): "eligible" speaks of
// convictions, so a client with only an arrest to seal had no update that told the good news. The
// status type is a closed set checked since 0027 on messages and message_templates: both checks are
// replaced (the list frozen here as it was when this was written). Going down refuses while any
// message or template holds the new type, naming them, rather than rewrite what a client was sent.
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const STATUS_TYPES_0027 = [
  'in_review',
  'eligible',
  'not_eligible',
  'no_convictions_found',
  'cant_proceed',
  'court_date_set',
  'granted',
  'denied',
  'transferred',
] as const;
const STATUS_TYPES_0064 = [...STATUS_TYPES_0027, 'arrest_sealable'];

const setsOf = (statusTypes: readonly string[]): ClosedSets => ({
  messages: { status_type: statusTypes },
  message_templates: { status_type: statusTypes },
});
export const STATUS_TYPE_SETS_0064: ClosedSets = setsOf(STATUS_TYPES_0064);

export async function up(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, setsOf(STATUS_TYPES_0027));
  await addClosedSetChecks(db, STATUS_TYPE_SETS_0064);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, STATUS_TYPE_SETS_0064);
  await addClosedSetChecks(db, setsOf(STATUS_TYPES_0027));
}
