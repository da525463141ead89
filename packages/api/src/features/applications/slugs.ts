// Each office's slug: the short public name in the address of its online application
// (/apply/<slug>). Whatever makes an office (create-admin, the demo data, tests) gives it one here.
import type { Db, Tx } from '@relief-desk/db';

/** "Alameda County Public Defender" → "alameda-county-public-defender". */
export function officeSlugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'office';
}

/** Gives every office without a slug one made from its name (numbered when taken). */
export async function assignMissingOfficeSlugs(db: Db | Tx): Promise<void> {
  const offices = await db
    .selectFrom('offices')
    .select(['id', 'name', 'slug'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const taken = new Set(offices.flatMap((o) => (o.slug ? [o.slug] : [])));
  for (const office of offices) {
    if (office.slug) continue;
    const base = officeSlugOf(office.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    await db.updateTable('offices').set({ slug }).where('id', '=', office.id).execute();
  }
}
