// A court case number is searched as staff type it and as the court prints it: "21-CR-0045",
// "21CR0045", "21 cr 0045" are one number. The office's convictions are indexed by the number's key
// (upper case, without dashes, spaces, full stops or slashes; the expression written here, which
// the search must write the same, character for character, for SQLite to use the index) in place of
// the number as typed. Going down puts the index on the number as typed back.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

/** The key as this migration indexes it (frozen here; search.ts writes the same expression). */
export const CASE_NUMBER_KEY_0068 =
  "upper(replace(replace(replace(replace(case_number, '-', ''), ' ', ''), '.', ''), '/', ''))";

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('convictions_office_case_matter').execute();
  await sql`create index convictions_office_case_key_matter on convictions (office_id, ${sql.raw(CASE_NUMBER_KEY_0068)}, matter_id)`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('convictions_office_case_key_matter').execute();
  await sql`create index convictions_office_case_matter on convictions (office_id, case_number, matter_id)`.execute(
    db,
  );
}
