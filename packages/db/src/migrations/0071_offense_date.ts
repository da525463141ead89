// When the offense was committed, if the record says: Prop 47 (PC 1170.18(a)) and Prop 64
// (HS 11361.8(a)) reach an offense committed before they took effect, and a conviction after that day
// is often for an earlier offense. Null for every conviction recorded before: the record did not say.
// Going down drops it.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('convictions').addColumn('offense_date', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('convictions').dropColumn('offense_date').execute();
}
