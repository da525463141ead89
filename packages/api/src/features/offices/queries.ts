// Which office serves which county: referrals for counties an office does not serve are referred out.
import type { Db, Tx } from '@relief-desk/db';
import type { County } from '@relief-desk/domain';

export async function countiesServedBy(db: Db | Tx, officeId: string): Promise<Set<County>> {
  const rows = await db
    .selectFrom('office_counties')
    .select('county')
    .where('office_id', '=', officeId)
    .execute();
  return new Set(rows.map((r) => r.county));
}

/** The offices other than `officeId` serving any of `counties`, a row per office and county, by name. */
function officesServing(db: Db | Tx, officeId: string, counties: readonly County[]) {
  return db
    .selectFrom('office_counties')
    .innerJoin('offices', 'offices.id', 'office_counties.office_id')
    .select(['office_counties.county', 'offices.id', 'offices.name'])
    .where('office_counties.county', 'in', counties)
    .where('offices.id', '!=', officeId)
    .orderBy('offices.name')
    .orderBy('offices.id')
    .execute();
}

/** The offices (other than this one) that serve each county, first by name. */
export async function otherOfficesServing(
  db: Db | Tx,
  officeId: string,
  counties: readonly County[],
): Promise<Map<string, { id: string; name: string }>> {
  if (counties.length === 0) return new Map();
  const byCounty = new Map<string, { id: string; name: string }>();
  for (const row of await officesServing(db, officeId, counties))
    if (!byCounty.has(row.county)) byCounty.set(row.county, { id: row.id, name: row.name });
  return byCounty;
}

/** The offices other than `officeId` that serve `county`, by name: where its matter may be passed on. */
export async function officesToPassOnTo(
  db: Db | Tx,
  officeId: string,
  county: County,
): Promise<{ id: string; name: string }[]> {
  return (await officesServing(db, officeId, [county])).map(({ id, name }) => ({ id, name }));
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
