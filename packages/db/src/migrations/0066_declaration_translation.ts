// A declaration in support is in English (CCP 185) and signed under penalty of perjury (CCP 2015.5);
// a client who does not read English signs it after someone read it to them in their language, and
// that person's declaration as translator is filed with it. The declaration now keeps in which
// language it was read to the client (null: they read it in English themselves, and every row from
// before) and who read it. The language is a closed set, checked like the others since 0027 (the
// list frozen here as it was when this was written). Going down drops both, with the check.
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const DECLARATION_LANGUAGE_SETS_0066: ClosedSets = {
  petition_declarations: { read_to_client_in: ['en', 'es', 'zh', 'vi', 'ko', 'tl'] },
};

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('petition_declarations').addColumn('read_to_client_in', 'text').execute();
  await db.schema
    .alterTable('petition_declarations')
    .addColumn('translator_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await addClosedSetChecks(db, DECLARATION_LANGUAGE_SETS_0066);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, DECLARATION_LANGUAGE_SETS_0066);
  await db.schema.alterTable('petition_declarations').dropColumn('translator_name').execute();
  await db.schema.alterTable('petition_declarations').dropColumn('read_to_client_in').execute();
}
