// A new deployment's database has no accounts until `create-admin` makes the first administrator: the
// server and `migrate` say so, and how, rather than leaving a newcomer at a sign-in page nobody can pass.
import type { Db } from '@relief-desk/db';

export const NO_ACCOUNTS_YET =
  'No one can sign in yet: this database has no accounts. Create the first administrator with `pnpm relief-desk create-admin --email <address> --name "<full name>" --office "<office>" --counties "<county>"` (README: A real deployment).';

/** The line to show when the database has no accounts, else null. */
export async function firstAdministratorHint(db: Db): Promise<string | null> {
  const anyone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return anyone ? null : NO_ACCOUNTS_YET;
}
