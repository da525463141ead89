// A new password set at the server's command line (`pnpm relief-desk reset-password`), for the person
// no administrator can send a link to: an office's only administrator who lost theirs, or an office
// whose server cannot send e-mail. Whoever runs it already holds the database, so it asks for nothing
// more; it does what choosing a password with a link does (ends every session and sign-in half done
// with the old password, lifts a lock failed sign-ins set, makes unused links stop working, tells the
// person by e-mail), in one transaction with its audit row. Second factors stay: an administrator
// resets those (Users), so a lost password alone never opens an account that requires one.
import { appendAuditRow, type Db, inTransaction, newId } from '@relief-desk/db';
import type { Clock } from '../../clock.ts';
import { hashPassword } from '../auth/passwords.ts';
import { signInKey } from '../auth/throttle.ts';
import { setChosenPassword } from './setPassword.ts';

export type CommandLinePasswordOutcome =
  | { set: true; name: string; officeName: string; sessionsEnded: number; unlocked: boolean }
  | { set: false; problem: string };

/**
 * Sets the password of the person who signs in as `email` (already checked as the forms check an
 * address), `password` checked as every new password is. A disabled account is refused: enabling it
 * is an administrator's decision of its own.
 */
export async function setPasswordFromCommandLine(
  db: Db,
  clock: Clock,
  email: string,
  password: string,
): Promise<CommandLinePasswordOutcome> {
  const found = await accountOf(db, email);
  if ('problem' in found) return { set: false, problem: found.problem };
  // Hashed before the transaction: argon2 takes a while, and SQLite's one writer would wait on it.
  const passwordHash = await hashPassword(password);
  const signInSecret = await signInKey(db);
  const now = clock.now();
  const at = now.toISOString();
  return inTransaction(db, async ({ tx }) => {
    const set = await setChosenPassword(
      tx,
      { userId: found.id, email: found.email, officeId: found.office_id },
      passwordHash,
      { signInSecret, through: 'command_line', now },
    );
    // Disabled (by an administrator in the web app) since it was read: nothing is set.
    if (!set) return { set: false, problem: disabled(found.name, email) } as const;
    await appendAuditRow(tx, {
      id: newId(now),
      occurred_at: at,
      actor_id: null,
      office_id: found.office_id,
      action: 'cli.resetPassword',
      entity_type: 'user',
      entity_id: found.id,
      ip: 'cli',
      outcome: 'ok',
      detail: JSON.stringify(set),
    });
    return {
      set: true,
      name: found.name,
      officeName: found.office_name,
      ...set,
    } as const;
  });
}

async function accountOf(db: Db, email: string) {
  const user = await db
    .selectFrom('users')
    .innerJoin('offices', 'offices.id', 'users.office_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.active',
      'users.office_id',
      'offices.name as office_name',
    ])
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (!user)
    return {
      problem: `No one signs in as ${email} here. Check the address (and DATA_DIR or DATABASE_URL, as the server has them); \`pnpm relief-desk create-admin\` creates an administrator.`,
    };
  if (user.active !== 1) return { problem: disabled(user.name, email) };
  return user;
}

function disabled(name: string, email: string): string {
  return `${name}’s account (${email}) is disabled: an administrator of their office enables it at Users, if they should sign in again. Nothing was changed.`;
}
