// Every office has a slug, the short public name in the address of its online application
// (/apply/<slug>): 0018 gave one to the offices that existed then, and offices made since (by
// create-admin, or the demo data) may have none. Also: status links are looked up by client, and an
// online application's form carries a key made when the form was drawn, kept with the answer, so a
// form sent twice (a double press, a retry after the connection dropped) is recorded once.
import type { Kysely } from 'kysely';

/** "Alameda County Public Defender" → "alameda-county-public-defender" (as 0018 made them). */
function slugOf(name: string): string {
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

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  const offices = (await db
    .selectFrom('offices')
    .select(['id', 'name', 'slug'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as { id: string; name: string; slug: string | null }[];
  const taken = new Set(offices.flatMap((o) => (o.slug ? [o.slug] : [])));
  for (const office of offices) {
    if (office.slug) continue;
    let slug = slugOf(office.name);
    for (let n = 2; taken.has(slug); n++) slug = `${slugOf(office.name)}-${n}`;
    taken.add(slug);
    await db.updateTable('offices').set({ slug }).where('id', '=', office.id).execute();
  }
  await db.schema
    .createIndex('application_status_links_client')
    .on('application_status_links')
    .columns(['client_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('application_submissions')
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('submission_key', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.references('clients.id'))
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_submissions_pk', ['office_id', 'submission_key'])
    .execute();
  await db.schema
    .createIndex('application_submissions_created')
    .on('application_submissions')
    .column('created_at')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('application_submissions').execute();
  await db.schema.dropIndex('application_status_links_client').execute();
}
