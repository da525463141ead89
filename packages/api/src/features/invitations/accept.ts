// The invited person opens their link: the page shows which office and role it is for, and they
// choose their name and password (the same rules as everywhere). Accepting makes the account and
// uses the link up, in one transaction with its audit row; two tabs accepting at once make one
// account. A second factor, if the office requires one, is set up at the first sign-in.
import { inTransaction, newId } from '@relief-desk/db';
import type { acceptInvitationInputSchema, invitationTokenInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { claimRequest } from '../../rate-limit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken } from '../auth/sessions.ts';
import { addressKey } from '../auth/throttle.ts';

/** Tries per network address: a token cannot be guessed, but each accept costs an argon2 hash. */
const ACCEPT_LIMIT = { scope: 'invitation', limit: 30, windowSeconds: 600 };

const UNUSABLE: Record<'unknown' | 'used' | 'expired' | 'withdrawn', string> = {
  unknown:
    'This invitation link does not work. Open it again from the e-mail, whole, or ask your administrator to send it again.',
  used: 'This invitation was already accepted. Sign in with your e-mail address and the password you chose.',
  expired: 'This invitation has run out. Ask your administrator to send it again.',
  withdrawn: 'This invitation was withdrawn. Ask your administrator if you still need an account.',
};

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
      'offices.name as office_name',
    ])
    .where('invitations.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!invitation) return { usable: false, state: 'unknown', invitation: null } as const;
  const state = invitation.accepted_at
    ? ('used' as const)
    : invitation.revoked_at
      ? ('withdrawn' as const)
      : invitation.expires_at <= ctx.clock.now().toISOString()
        ? ('expired' as const)
        : null;
  return state ? ({ usable: false, state, invitation } as const) : ({ usable: true, invitation } as const);
}

/** What the invitation page shows before the form: the office, the address and the role, or why not. */
export async function invitationDetails(ctx: Context, input: z.output<typeof invitationTokenInputSchema>) {
  const found = await invitationByToken(ctx, input.token);
  if (!found.usable) return { state: found.state, message: UNUSABLE[found.state] } as const;
  const { invitation } = found;
  return {
    state: 'open',
    officeName: invitation.office_name,
    email: invitation.email,
    role: invitation.role,
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
  if (!found.usable) {
    await writeAudit(
      ctx.db,
      { ...ctx, user: null, officeId: found.invitation?.office_id },
      {
        action: 'invitations.accept',
        // An unknown token names no office's record: a request refused, as with no session.
        entityType: found.invitation ? 'invitation' : 'request',
        entityId: found.invitation?.id ?? null,
        outcome: 'denied',
        detail: { reason: found.state },
      },
    );
    throw new AppError('BAD_INPUT', UNUSABLE[found.state]);
  }
  const { invitation } = found;
  // Hashed before the transaction: argon2 takes a while, and SQLite's one connection would wait on it.
  const passwordHash = await hashPassword(input.password);
  const userId = newId(now);
  const at = now.toISOString();
  return inTransaction(ctx.db, async ({ tx }) => {
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
    if (Number(used.numUpdatedRows) !== 1) throw new AppError('BAD_INPUT', UNUSABLE.used);
    const taken = await tx
      .selectFrom('users')
      .select('id')
      .where('email', '=', invitation.email)
      .executeTakeFirst();
    if (taken) throw new AppError('BAD_INPUT', UNUSABLE.used);
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
    await writeAudit(
      tx,
      { ...ctx, user: { id: userId, officeId: invitation.office_id } },
      { action: 'invitations.accept', entityType: 'invitation', entityId: invitation.id, detail: { userId } },
    );
    return { email: invitation.email };
  });
}
