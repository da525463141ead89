// The closed-set columns 0028 added (a petition on an arrest: the county it is filed in and the
// court's outcome) refuse other values, as 0027 made every earlier closed-set column do; the same
// mechanism, with the lists frozen here.
import type { Kysely } from 'kysely';
import {
  addClosedSetChecks,
  type ClosedSets,
  COUNTIES,
  COURT_OUTCOMES,
  dropClosedSetChecks,
} from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const ARREST_PETITION_SETS: ClosedSets = {
  petition_arrests: {
    county: COUNTIES,
    outcome: COURT_OUTCOMES,
  },
};

export const up = (db: AnyDb) => addClosedSetChecks(db, ARREST_PETITION_SETS);
export const down = (db: AnyDb) => dropClosedSetChecks(db, ARREST_PETITION_SETS);
