// The office an application is addressed to, by its slug, and what its form shows about counties:
// those it serves, and for every other county the office (if any) that serves it.
import type { Db, Tx } from '@relief-desk/db';
import { COUNTIES, missingOfficeContact } from '@relief-desk/domain';
import { officesServing } from '../offices/queries.ts';

export interface ApplicationOffice {
  id: string;
  slug: string;
  name: string;
  phone: string;
  email: string;
  address: string;
}

export async function officeBySlug(db: Db | Tx, typed: string): Promise<ApplicationOffice | null> {
  // Slugs are kept in lower case; a link typed from a flyer in capitals names the same office.
  const slug = typed.toLowerCase();
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return null;
  const row = await db
    .selectFrom('offices')
    .select(['id', 'slug', 'name', 'phone', 'email', 'address'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? { ...row, slug: row.slug ?? slug } : null;
}

/**
 * Every office that takes online applications, by name: for choosing one. Each has a slug, and its
 * mailing address, phone and e-mail set (until then its form is closed, so it is not offered).
 */
export async function applicationOffices(db: Db | Tx): Promise<{ slug: string; name: string }[]> {
  const rows = await db
    .selectFrom('offices')
    .select(['slug', 'name', 'address', 'phone', 'email'])
    .where('slug', 'is not', null)
    .orderBy('name')
    .orderBy('slug')
    .execute();
  return rows.flatMap((r) =>
    r.slug && missingOfficeContact(r).length === 0 ? [{ slug: r.slug, name: r.name }] : [],
  );
}

export interface CountyChoice {
  county: string;
  /** Served by this office. */
  ours: boolean;
  /** Otherwise the office that serves it, if one does. */
  servedBy: string | null;
}

/**
 * Every California county, this office's first, each saying who serves it: the office an application
 * for it is passed on to (one set up first, as countyPlacements chooses).
 */
export async function countyChoices(db: Db | Tx, officeId: string): Promise<CountyChoice[]> {
  const rows = await officesServing(db);
  const ours = new Set(rows.filter((r) => r.id === officeId).map((r) => r.county));
  const others = new Map<string, string>();
  for (const row of rows)
    if (row.id !== officeId && !others.has(row.county)) others.set(row.county, row.name);
  const all = COUNTIES.map((county) => ({
    county,
    ours: ours.has(county),
    servedBy: ours.has(county) ? null : (others.get(county) ?? null),
  }));
  return [...all.filter((c) => c.ours), ...all.filter((c) => !c.ours)];
}
