// Which office serves which county: referrals for counties an office does not serve are referred out.
import type { Db, OfficeDb, Tx } from '@relief-desk/db';
import { type County, missingOfficeContact, OPEN_STAGES } from '@relief-desk/domain';

export async function countiesServedBy(db: Db | Tx, officeId: string): Promise<Set<County>> {
  const rows = await db
    .selectFrom('office_counties')
    .select('county')
    .where('office_id', '=', officeId)
    .execute();
  return new Set(rows.map((r) => r.county));
}

/**
 * The office's open matters in each county (counties with none left out): what an administrator is
 * told before unticking a county served, since those matters stay with the office.
 */
export async function openMattersByCounty(db: OfficeDb): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('matters')
    .select(['county', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('stage', 'in', OPEN_STAGES)
    .groupBy('county')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.county, Number(r.n)]));
}

/**
 * The offices serving counties, a row per office and county, in the order one is chosen (servingOrder:
 * those set up first, then by name): of `counties` when given, leaving out `except` when given.
 */
export async function officesServing(
  db: Db | Tx,
  { counties, except }: { counties?: readonly County[]; except?: string } = {},
) {
  let query = db
    .selectFrom('office_counties')
    .innerJoin('offices', 'offices.id', 'office_counties.office_id')
    .select([
      'office_counties.county',
      'offices.id',
      'offices.name',
      'offices.address',
      'offices.phone',
      'offices.email',
    ]);
  if (counties) query = query.where('office_counties.county', 'in', counties);
  if (except) query = query.where('offices.id', '!=', except);
  return servingOrder(await query.orderBy('offices.name').orderBy('offices.id').execute());
}

/**
 * Offices serving a county, in the order one is chosen to pass a matter or an application on to: those
 * set up (mailing address, phone and e-mail set) first, since one not set up takes no application of
 * its own, confirms none passed on and gives the person no way to reach it; then as given (by name,
 * then id). One not set up is chosen only when no office set up serves the county.
 */
export function servingOrder<T extends { address: string; phone: string; email: string }>(
  rows: readonly T[],
): T[] {
  const ready = (row: T) => missingOfficeContact(row).length === 0;
  return [...rows.filter(ready), ...rows.filter((row) => !ready(row))];
}

/** The offices (other than this one) that serve each county: the one set up first, then by name. */
export async function otherOfficesServing(
  db: Db | Tx,
  officeId: string,
  counties: readonly County[],
): Promise<Map<string, { id: string; name: string }>> {
  if (counties.length === 0) return new Map();
  const byCounty = new Map<string, { id: string; name: string }>();
  for (const row of await officesServing(db, { counties, except: officeId }))
    if (!byCounty.has(row.county)) byCounty.set(row.county, { id: row.id, name: row.name });
  return byCounty;
}

/** The offices other than `officeId` that serve `county`, set up first: where its matter may be passed on. */
export async function officesToPassOnTo(
  db: Db | Tx,
  officeId: string,
  county: County,
): Promise<{ id: string; name: string }[]> {
  return (await officesServing(db, { counties: [county], except: officeId })).map(({ id, name }) => ({
    id,
    name,
  }));
}

/** Where a referral for each county goes: this office when it serves the county, else the office that does (if any). */
export interface CountyPlacement {
  county: County;
  ours: boolean;
  referredTo: { id: string; name: string } | null;
}

export async function countyPlacements(
  db: Db | Tx,
  officeId: string,
  counties: readonly County[],
): Promise<CountyPlacement[]> {
  const served = await countiesServedBy(db, officeId);
  const elsewhere = await otherOfficesServing(
    db,
    officeId,
    counties.filter((county) => !served.has(county)),
  );
  return counties.map((county) => ({
    county,
    ours: served.has(county),
    referredTo: served.has(county) ? null : (elsewhere.get(county) ?? null),
  }));
}
