// The California calendar day of a stored instant, in SQL: what the queues, their drill-downs and the
// dashboard's kept counts recount by (the counting triggers carry the same rule in their migrations).
import type { DialectName } from '@relief-desk/db';
import { type RawBuilder, sql } from 'kysely';

/**
 * The California calendar date of a stored UTC instant (ISO text), in SQL. PostgreSQL knows the time
 * zone. SQLite has none, so the rule is written out: Pacific Daylight Time (UTC-7) from the second
 * Sunday of March at 2 am PST (10:00 UTC) to the first Sunday of November at 2 am PDT (09:00 UTC),
 * Pacific Standard Time (UTC-8) otherwise; the federal rule since 2007, which covers every instant
 * the desk records.
 */
export function californiaDateOf(dialect: DialectName, instant: RawBuilder<unknown>): RawBuilder<string> {
  if (dialect === 'postgres')
    return sql<string>`((${instant})::timestamptz at time zone 'America/Los_Angeles')::date`;
  const year = sql`strftime('%Y', ${instant})`;
  const dstStarts = sql`strftime('%Y-%m-%dT10:00:00', date(${year} || '-03-01', 'weekday 0', '+7 days'))`;
  const dstEnds = sql`strftime('%Y-%m-%dT09:00:00', date(${year} || '-11-01', 'weekday 0'))`;
  return sql<string>`date(${instant}, case when ${instant} >= ${dstStarts} and ${instant} < ${dstEnds} then '-7 hours' else '-8 hours' end)`;
}
