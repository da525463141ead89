// The invited person opens their link: the page shows which office and role it is for, and they
// choose their name and password (the same rules as everywhere). Accepting makes the account and
// uses the link up, in one transaction with its audit row; two tabs accepting at once make one
// account. A second factor, if the office requires one, is set up at the first sign-in. An address
// that got an account since it was invited (another office's invitation accepted first) is told so,
// and the invitation stays open in its office's list, marked as having an account.
import { type Db, inTransaction, newId, officeScoped, type Tx, takeTurns } from '@relief-desk/db';
import {
  type acceptInvitationInputSchema,
  type invitationTokenInputSchema,
  staffNameKey,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { claimRequest } from '../../rate-limit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken } from '../auth/sessions.ts';
import { addressKey } from '../auth/throttle.ts';
import { tellHoldersOfGrant } from '../users/grantNotice.ts';
import { invitedAs, stopWaitingEmails } from './send.ts';

/** Tries per network address: a token cannot be guessed, but each accept costs an argon2 hash. */
const ACCEPT_LIMIT = { scope: 'invitation', limit: 30, windowSeconds: 600 };

type Unusable =
  | 'unknown'
  | 'used'
  | 'expired'
  | 'withdrawn'
  | 'has_account'
  | 'has_account_elsewhere'
  | 'sender_cannot_invite';

/** Why a link cannot make an account, in words for the person holding it. */
function unusable(state: Unusable, officeName: string): string {
  switch (state) {
    case 'unknown':
      return 'This invitation link does not work. Open it again from the e-mail, whole, or ask your administrator to send it again.';
    case 'used':
      return 'This invitation was already accepted. Sign in with your e-mail address and the password you chose.';
    case 'expired':
      return 'This invitation has run out. Ask your administrator to send it again.';
    case 'withdrawn':
      return 'This invitation was withdrawn. Ask your administrator if you still need an account.';
    // An address is one account in all of Relief Desk: one made since the invitation was sent (the
    // person accepted another office's invitation first, say) leaves this one nothing to make. Only
    // another address helps: a disabled account keeps its address, so disabling it frees nothing.
    case 'has_account':
      return `This e-mail address already has an account at ${officeName}. Sign in with it instead.`;
    case 'has_account_elsewhere':
      return `This e-mail address already has a Relief Desk account in another office, and an address can have only one, so this invitation cannot make an account at ${officeName}. Ask ${officeName}’s administrator to invite another work address of yours.`;
    case 'sender_cannot_invite':
      return `This invitation can no longer be used: the administrator who sent it can no longer give this account at ${officeName}. Ask ${officeName}’s administrator to send you a new invitation.`;
  }
}

async function invitationByToken(ctx: Context, token: string) {
  const invitation = await ctx.db
    .selectFrom('invitations')
    .innerJoin('offices', 'offices.id', 'invitations.office_id')
    .select([
      'invitations.id',
      'invitations.office_id',
      'invitations.email',
      'invitations.role',
      'invitations.can_view_rap_sheets',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
      'invitations.version',
      'invitations.invited_by',
      'offices.name as office_name',
    ])
    .where('invitations.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!invitation) return { usable: false, state: 'unknown', invitation: null } as const;
  const account = invitation.accepted_at ? undefined : await accountOf(ctx.db, invitation.email);
  const state: Unusable | null = invitation.accepted_at
    ? 'used'
    : invitation.revoked_at
      ? 'withdrawn'
      : account
        ? accountState(account, invitation.office_id)
        : invitation.expires_at <= ctx.clock.now().toISOString()
          ? 'expired'
          : (await senderMayStillGive(ctx.db, invitation))
            ? null
            : 'sender_cannot_invite';
  return state ? ({ usable: false, state, invitation } as const) : ({ usable: true, invitation } as const);
}

/**
 * Why an invitation read as usable could not be taken: what changed it meanwhile (accepted, withdrawn,
 * run out, or sent again, which replaces the link) tells the person what to do next.
 */
async function stateNow(tx: Tx, invitationId: string, at: string): Promise<Unusable> {
  const now = await tx
    .selectFrom('invitations')
    .select(['accepted_at', 'revoked_at', 'expires_at'])
    .where('id', '=', invitationId)
    .executeTakeFirst();
  if (!now) return 'unknown';
  if (now.accepted_at) return 'used';
  if (now.revoked_at) return 'withdrawn';
  if (now.expires_at <= at) return 'expired';
  // Still open under a newer version: sent again, with a new link; this one no longer works.
  return 'unknown';
}

/**
 * An invitation gives an account in its sender's name, so it holds only while the sender still could
 * send it: an active administrator of the office, holding the RAP sheet permission when the
 * invitation gives it to an administrator (send.ts). An administrator disabled or moved to another
 * role (one who left, an account taken over) leaves no link of theirs that still makes accounts.
 */
async function senderMayStillGive(
  db: Db | Tx,
  invitation: { invited_by: string; office_id: string; role: string; can_view_rap_sheets: number },
): Promise<boolean> {
  const sender = await db
    .selectFrom('users')
    .select(['office_id', 'role', 'active', 'can_view_rap_sheets'])
    .where('id', '=', invitation.invited_by)
    .executeTakeFirst();
  if (sender?.active !== 1 || sender.role !== 'admin' || sender.office_id !== invitation.office_id)
    return false;
  const givesAdminRapSheets = invitation.role === 'admin' && invitation.can_view_rap_sheets === 1;
  return !givesAdminRapSheets || sender.can_view_rap_sheets === 1;
}

/** The office of the account an address has, if any (public request: no office scope to cross). */
const accountOf = (db: Db | Tx, email: string) =>
  db.selectFrom('users').select('office_id').where('email', '=', email).executeTakeFirst();

const accountState = (account: { office_id: string }, officeId: string): Unusable =>
  account.office_id === officeId ? 'has_account' : 'has_account_elsewhere';

/** What the invitation page shows before the form: the office, the address and the role, or why not. */
export async function invitationDetails(ctx: Context, input: z.output<typeof invitationTokenInputSchema>) {
  const found = await invitationByToken(ctx, input.token);
  if (!found.usable)
    return {
      state: found.state,
      message: unusable(found.state, found.invitation?.office_name ?? ''),
    } as const;
  const { invitation } = found;
  return {
    state: 'open',
    officeName: invitation.office_name,
    email: invitation.email,
    role: invitation.role,
    /** Whether the account will see RAP sheets (criminal history), and the words for it. */
    canViewRapSheets: invitation.can_view_rap_sheets === 1,
    invitedAs: invitedAs(invitation.role, invitation.can_view_rap_sheets === 1),
    expiresAt: invitation.expires_at,
  } as const;
}

export async function acceptInvitation(ctx: Context, input: z.output<typeof acceptInvitationInputSchema>) {
  const now = ctx.clock.now();
  const claim = await claimRequest(ctx.db, ACCEPT_LIMIT, addressKey(ctx.ip), now);
  if (!claim.allowed)
    throw new AppError(
      'RATE_LIMITED',
      'Too many tries from your network. Wait a few minutes and try again.',
      {
        retryAfterSeconds: claim.retryAfterSeconds,
      },
    );
  const found = await invitationByToken(ctx, input.token);
  if (!found.usable) return refuse(ctx, found.state, found.invitation);
  const { invitation } = found;
  // Hashed before the transaction: argon2 takes a while, and SQLite's one connection would wait on it.
  const passwordHash = await hashPassword(input.password);
  const userId = newId(now);
  const at = now.toISOString();
  try {
    return await inTransaction(ctx.db, async ({ tx }) => {
      // No two active people of an office named alike: the log, the assignee lists and every "who
      // did this" would not tell them apart. Acceptances in one office take turns from this check to
      // the insert, so two people of one name accepting at once do not both pass it.
      await takeTurns(tx, 'staff-name', invitation.office_id);
      await refuseNameAlike(ctx, tx, invitation, input.name);
      // The guard makes the link single-use even when two requests race: only one update matches.
      const used = await tx
        .updateTable('invitations')
        .set({ accepted_at: at, updated_at: at, version: invitation.version + 1 })
        .where('id', '=', invitation.id)
        .where('version', '=', invitation.version)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1)
        throw new AppError(
          'BAD_INPUT',
          unusable(await stateNow(tx, invitation.id, at), invitation.office_name),
        );
      // The sender read again, held (shared): an admin disabled, demoted or moved meanwhile (their
      // invitations go with them) is seen here, and a change to them now waits for this acceptance.
      await tx
        .selectFrom('users')
        .select('id')
        .where('id', '=', invitation.invited_by)
        .$if(ctx.dialect === 'postgres', (q) => q.forShare())
        .execute();
      if (!(await senderMayStillGive(tx, invitation))) throw new RefusedMeanwhile('sender_cannot_invite');
      // An account made for the address since the link was read (another office's invitation accepted
      // at the same moment): this one rolls back, stays open, and the refusal is put on record after.
      const taken = await accountOf(tx, invitation.email);
      if (taken) throw new RefusedMeanwhile(accountState(taken, invitation.office_id));
      await tx
        .insertInto('users')
        .values({
          id: userId,
          office_id: invitation.office_id,
          email: invitation.email,
          name: input.name,
          role: invitation.role,
          password_hash: passwordHash,
          can_view_rap_sheets: invitation.can_view_rap_sheets,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await tx.updateTable('invitations').set({ user_id: userId }).where('id', '=', invitation.id).execute();
      if (invitation.can_view_rap_sheets === 1) {
        const sender = await tx
          .selectFrom('users')
          .select(['id', 'name', 'can_view_rap_sheets'])
          .where('id', '=', invitation.invited_by)
          .executeTakeFirstOrThrow();
        await tellHoldersOfGrant(tx, {
          officeId: invitation.office_id,
          admin: { id: sender.id, name: sender.name, holdsPermission: sender.can_view_rap_sheets === 1 },
          grantee: { id: userId, name: input.name, email: invitation.email, role: invitation.role },
          way: 'invitation',
          at: now,
        });
      }
      // Accepted from a link the person already has (an e-mail that went, while a later one still waits
      // to be retried or sent): the waiting one would bring a link that no longer works.
      const emailsStopped = await stopWaitingEmails(
        officeScoped(tx, ctx.dialect, invitation.office_id),
        invitation.id,
        at,
      );
      await writeAudit(
        tx,
        { ...ctx, user: { id: userId, officeId: invitation.office_id } },
        {
          action: 'invitations.accept',
          entityType: 'invitation',
          entityId: invitation.id,
          detail: emailsStopped > 0 ? { userId, emailsStopped } : { userId },
        },
      );
      return { email: invitation.email };
    });
  } catch (error) {
    if (error instanceof RefusedMeanwhile) return refuse(ctx, error.state, invitation);
    // Accepted at the very moment as another office's invitation to the address: the database's one
    // account per address refused this insert. The account is there now, and the refusal says where.
    const taken = error instanceof AppError ? undefined : await accountOf(ctx.db, invitation.email);
    if (taken) return refuse(ctx, accountState(taken, invitation.office_id), invitation);
    throw error;
  }
}

/**
 * Refuses a name an active person of the office already has, but for capitals, accents and spacing
 * (staffNameKey), saying how to tell the two apart. The name shown is the colleague's own, which the
 * person typed all but for those.
 */
async function refuseNameAlike(
  ctx: Context,
  tx: Tx,
  invitation: { office_id: string; office_name: string },
  name: string,
): Promise<void> {
  const key = staffNameKey(name);
  const alike = (
    await officeScoped(tx, ctx.dialect, invitation.office_id)
      .selectFrom('users')
      .select('name')
      .where('active', '=', 1)
      .execute()
  ).find((user) => staffNameKey(user.name) === key);
  if (!alike) return;
  const message = `Someone at ${invitation.office_name} is already named “${alike.name}”. Add a middle initial or another part of your name, so colleagues can tell the two of you apart.`;
  throw new AppError('BAD_INPUT', message, { fieldErrors: [{ path: 'name', message }] });
}

/**
 * The invitation stopped being usable between reading the link and taking it (the address got an
 * account, the sender may no longer give it): nothing is made, and the refusal is put on record after.
 */
class RefusedMeanwhile extends Error {
  constructor(readonly state: Unusable) {
    super(`The invitation could not be accepted: ${state}.`);
  }
}

/** Puts a refused acceptance on record in the invitation's office (none for an unknown token), and refuses. */
async function refuse(
  ctx: Context,
  state: Unusable,
  invitation: { id: string; office_id: string; office_name: string } | null,
): Promise<never> {
  await writeAudit(
    ctx.db,
    { ...ctx, user: null, officeId: invitation?.office_id },
    {
      action: 'invitations.accept',
      // An unknown token names no office's record: a `request` of no office, which every office's
      // administrators see; its reason, `unknown`, has the log say "an invitation link that matches
      // no invitation" (the log reads a link's refusals by the action, never as a cross-site request).
      entityType: invitation ? 'invitation' : 'request',
      entityId: invitation?.id ?? null,
      outcome: 'denied',
      detail: { reason: state },
    },
  );
  throw new AppError('BAD_INPUT', unusable(state, invitation?.office_name ?? ''));
}
