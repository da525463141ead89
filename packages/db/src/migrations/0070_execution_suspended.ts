// Whether a sentence was imposed and its execution suspended when probation was granted ("ESS"), or
// imposition suspended: PC 17(b)(3) lets the court declare a wobbler a misdemeanor only when probation
// was granted without imposition of sentence (People v. Wood (1998) 62 Cal.App.4th 1262: a prison term
// imposed, its execution suspended, leaves no power to reduce). 'unknown' for every conviction
// recorded before: the record did not say. A closed set, checked like the others since 0027 (frozen
// here as it was when this was written). Going down drops it, with the check.
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const EXECUTION_SUSPENDED_SETS_0070: ClosedSets = {
  convictions: { execution_suspended: ['yes', 'no', 'unknown'] },
};

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('convictions')
    .addColumn('execution_suspended', 'text', (c) => c.notNull().defaultTo('unknown'))
    .execute();
  await addClosedSetChecks(db, EXECUTION_SUSPENDED_SETS_0070);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, EXECUTION_SUSPENDED_SETS_0070);
  await db.schema.alterTable('convictions').dropColumn('execution_suspended').execute();
}
