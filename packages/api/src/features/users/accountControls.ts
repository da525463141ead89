// Administrators keep their office's accounts usable and safe: unlock an account someone locked with
// wrong passwords, end a person's sessions (a lost laptop), and disable or enable an account, which
// ends its sessions and voids its password and sign-in links at once. Each is checked against the
// administrator's office and the account's version (what the administrator was shown: a stale page is
// refused, as every change on the users page is) and audited in the same transaction. Unlocking and
// ending sessions change no column of the account, so they leave its version as it is; unlocking an
// account that is not locked is refused.
import { inTransaction, type OfficeTx, type Tx } from '@relief-desk/db';
import type { setUserActiveInputSchema, userVersionInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import { accountKey, clearAccount, lockedKeys, signInKey } from '../auth/throttle.ts';
import { strikeLinks } from '../messages/oneTimeLinks.ts';
import { accountConflict } from './accountConflict.ts';
import { refusedOnRecord } from './refusedOnRecord.ts';
import { keepAnAdministrator } from './setRole.ts';

/** The account in the administrator's office, at the version they were shown. */
async function officeUser(tx: OfficeTx, input: z.output<typeof userVersionInputSchema>) {
  const user = await tx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'active', 'version', 'updated_at'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!user) throw notFound('That user', { entityType: 'user', entityId: input.userId });
  if (user.version !== input.version) throw await staleAccount(tx, user);
  return user;
}

function staleAccount(tx: Tx, user: { id: string; name: string; updated_at: string }) {
  return accountConflict(tx, `${user.name}’s account`, user);
}

/** Clears a person's failed sign-ins and lock, so they can sign in at once. */
export async function unlockUser(ctx: OfficeContext, input: z.output<typeof userVersionInputSchema>) {
  // Read before the transaction: SQLite has one connection, which the transaction holds.
  const secret = await signInKey(ctx.db);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx.db, async ({ tx }) => {
    const user = await officeUser(tx, input);
    const key = accountKey(secret, user.email);
    // Nothing to unlock (the lock ran out, or someone unlocked it first): refused, so the log never
    // says an account was unlocked that was not locked. A count of wrong passwords below the lock stays.
    if (!(await lockedKeys(tx, [key], ctx.clock.now())).has(key))
      throw badInput(
        'userId',
        `${user.name}’s account is not locked, so there is nothing to unlock. If they cannot sign in, send them a password link.`,
      );
    const cleared = await clearAccount(tx, key);
    // A sign-in that the lock stopped at its second step stays stopped: the password is asked again.
    await tx
      .deleteFrom('mfa_challenges')
      .where('user_id', '=', user.id)
      .where('kind', '=', 'sign_in')
      .execute();
    const wasLocked = cleared?.lockedUntil != null && cleared.lockedUntil > now;
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: { wasLocked, failuresCleared: cleared?.failures ?? 0 },
    });
    return { wasLocked };
  });
}

/** Ends every session of a person in the office (the administrator's own included, if asked). */
export async function endUserSessions(ctx: OfficeContext, input: z.output<typeof userVersionInputSchema>) {
  const ended = await inTransaction(ctx.db, async ({ tx }) => {
    const user = await officeUser(tx, input);
    const ids = await endSessionsOf(tx, user.id);
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: { sessionsEnded: ids.length },
    });
    return ids.length;
  });
  if (input.userId === ctx.user.id) ctx.cookies.clear();
  return { ended };
}

/** Disables or enables an account; disabling ends its sessions in the same transaction. */
export async function setUserActive(ctx: OfficeContext, input: z.output<typeof setUserActiveInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const user = await officeUser(tx, input);
    if (user.id === ctx.user.id && !input.active)
      throw refusedOnRecord(
        'active',
        'You cannot disable your own account. Ask another administrator.',
        user.id,
        'own_account',
      );
    // Nothing to change (a second click, a page behind): refused, as setRole refuses the same role,
    // so the log never says an active account was enabled.
    if ((user.active === 1) === input.active)
      throw badInput(
        'active',
        input.active
          ? `${user.name}’s account is already enabled.`
          : `${user.name}’s account is already disabled. Enable it to let them sign in again.`,
      );
    if (!input.active && user.role === 'admin' && user.active === 1) await keepAnAdministrator(tx, ctx, user);
    const saved = await tx
      .updateTable('users')
      .set({
        active: input.active ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .where('version', '=', user.version)
      .executeTakeFirst();
    if (saved.numUpdatedRows === 0n) throw await staleAccount(tx, user);
    const ended = input.active ? [] : await endSessionsOf(tx, user.id);
    // Links are voided, not just refused while disabled: enabling the account again must not bring
    // back a link sent before (to a mailbox that may be why the account was disabled).
    const linksEnded = input.active ? 0 : await endAccountLinks(tx, user.id, ctx.clock.now().toISOString());
    // Their open matters stay theirs (nothing is reassigned behind the office's back). Disabled, nobody
    // works them now: the administrator is told how many, and where to hand them on. Enabled, the count
    // is the true one too (the matters they hold again), with nothing to hand on.
    const openMatters = await openMattersOf(tx, user.id);
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: {
        from: user.active === 1,
        to: input.active,
        sessionsEnded: ended.length,
        ...(input.active ? {} : { linksEnded, openMatters }),
      },
    });
    return {
      version: user.version + 1,
      sessionsEnded: ended.length,
      openMatters,
      handOn:
        input.active || openMatters === 0
          ? null
          : `${user.name} still holds ${openMatters === 1 ? '1 open matter' : `${openMatters} open matters`}. Hand ${openMatters === 1 ? 'it' : 'them'} on from the case queue: under Filters, choose Assignee “${user.name} (disabled)”, select the matters and assign them to a colleague.`,
    };
  });
}

/** How many matters not closed are assigned to the person. */
async function openMattersOf(tx: OfficeTx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('matters')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('assignee_id', '=', userId)
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Ends everything that could let a person in without an administrator, in the caller's transaction:
 * password links and sign-in links not yet used (those run out already are dead, and stay), sign-ins
 * waiting for their second step, and the e-mails carrying such links still waiting in the outbox
 * (withdrawn before they were sent, their links struck from the stored copy, as a withdrawn
 * invitation's are). Returns how many live links ended.
 */
export async function endAccountLinks(tx: OfficeTx, userId: string, now: string): Promise<number> {
  const passwordLinks = await tx
    .deleteFrom('password_reset_links')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  const signInLinks = await tx
    .deleteFrom('sign_in_links')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  await tx
    .deleteFrom('mfa_challenges')
    .where('user_id', '=', userId)
    .where('kind', 'in', ['sign_in', 'sign_in_link'])
    .execute();
  const waiting = await tx
    .selectFrom('outbox')
    .innerJoin('staff_notices', 'staff_notices.id', 'outbox.staff_notice_id')
    .select(['outbox.id', 'outbox.version', 'staff_notices.id as notice_id', 'staff_notices.body'])
    .where('staff_notices.user_id', '=', userId)
    .where('staff_notices.kind', 'in', ['password_reset', 'sign_in_link'])
    .where('outbox.state', '=', 'pending')
    .execute();
  for (const row of waiting) {
    const stopped = await tx
      .updateTable('outbox')
      .set({ state: 'withdrawn', updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(stopped.numUpdatedRows) === 1)
      await strikeLinks(tx, { messageId: null, staffNoticeId: row.notice_id, body: row.body });
  }
  return Number(passwordLinks.numDeletedRows) + Number(signInLinks.numDeletedRows);
}
