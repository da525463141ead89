// Intake from outside the office: partner organisations' API keys (only a hash is kept), a short
// public name (slug) per office for its online application, and the links applicants follow to
// see where their application stands (again, only a hash of the token is kept).
import type { Kysely } from 'kysely';

/** "Alameda County Public Defender" → "alameda-county-public-defender". */
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
  await db.schema
    .createTable('partner_api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('partner_api_keys_office').on('partner_api_keys').column('office_id').execute();

  await db.schema.alterTable('offices').addColumn('slug', 'text').execute();
  const offices = await db.selectFrom('offices').select(['id', 'name']).orderBy('created_at').execute();
  const taken = new Set<string>();
  for (const office of offices as { id: string; name: string }[]) {
    let slug = slugOf(office.name);
    for (let n = 2; taken.has(slug); n++) slug = `${slugOf(office.name)}-${n}`;
    taken.add(slug);
    await db.updateTable('offices').set({ slug }).where('id', '=', office.id).execute();
  }
  await db.schema.createIndex('offices_slug').on('offices').column('slug').unique().execute();

  await db.schema
    .createTable('application_status_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('application_status_links').execute();
  await db.schema.dropIndex('offices_slug').execute();
  await db.schema.alterTable('offices').dropColumn('slug').execute();
  await db.schema.dropTable('partner_api_keys').execute();
}
