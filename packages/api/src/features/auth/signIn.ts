// Sign-in: a fresh session token every time, a lock after repeated failures, and one message for
// "no such user" and "wrong password" so the form does not reveal who has an account.
import { californiaTime, SESSION_RULES, type signInInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context, SessionUser } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { hashForTiming, verifyPassword } from './passwords.ts';
import { endSession, resolveSession, startSession } from './sessions.ts';

const WRONG = 'That e-mail and password do not match an account. Check both and try again.';

function lockedMessage(until: Date): string {
  const time = californiaTime(until);
  return `This account is locked for ${SESSION_RULES.lockMinutes} minutes after ${SESSION_RULES.maxFailedSignIns} failed sign-ins. Try again after ${time}, or ask an administrator to unlock it.`;
}

export async function signIn(ctx: Context, input: z.output<typeof signInInputSchema>): Promise<SessionUser> {
  const now = ctx.clock.now();
  const user = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', input.email)
    .executeTakeFirst();

  if (user?.active !== 1) {
    await verifyPassword(await hashForTiming(), input.password);
    await writeAudit(ctx.db, ctx, {
      action: 'auth.signIn',
      entityType: 'user',
      entityId: user?.id ?? null,
      outcome: 'failed',
      detail: { email: input.email, reason: user ? 'inactive' : 'unknown_email' },
    });
    throw new AppError('BAD_CREDENTIALS', WRONG);
  }

  const attempt = { ...ctx, user: { id: user.id, officeId: user.office_id } };
  const lockedUntil = user.locked_until ? new Date(user.locked_until) : null;
  if (lockedUntil && lockedUntil > now) {
    await writeAudit(ctx.db, attempt, {
      action: 'auth.signIn',
      entityType: 'user',
      entityId: user.id,
      outcome: 'denied',
      detail: { reason: 'locked' },
    });
    throw new AppError('ACCOUNT_LOCKED', lockedMessage(lockedUntil));
  }

  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failures = user.failed_sign_ins + 1;
    const lock = failures >= SESSION_RULES.maxFailedSignIns;
    const until = new Date(now.getTime() + SESSION_RULES.lockMinutes * 60_000);
    await ctx.db
      .updateTable('users')
      .set({
        failed_sign_ins: lock ? 0 : failures,
        locked_until: lock ? until.toISOString() : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    await writeAudit(ctx.db, attempt, {
      action: 'auth.signIn',
      entityType: 'user',
      entityId: user.id,
      outcome: 'failed',
      detail: { reason: 'wrong_password', failures, locked: lock },
    });
    throw lock
      ? new AppError('ACCOUNT_LOCKED', lockedMessage(until))
      : new AppError('BAD_CREDENTIALS', WRONG);
  }

  await ctx.db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', user.id)
    .execute();
  // A new token at every sign-in, and the old one (if the browser sent one) ends.
  if (ctx.sessionToken) await endSession(ctx.db, ctx.sessionToken);
  const session = await startSession(ctx.db, ctx.clock, user.id, { ip: ctx.ip, userAgent: ctx.userAgent });
  ctx.cookies.set(session.token, session.expiresAt);
  const sessionUser = await resolveSession(ctx.db, ctx.clock, session.token);
  if (!sessionUser) throw new AppError('INTERNAL', 'The new session could not be read back.');
  await writeAudit(ctx.db, attempt, {
    action: 'auth.signIn',
    entityType: 'user',
    entityId: user.id,
    outcome: 'ok',
  });
  return sessionUser;
}
