// What the plain HTTP routes (file transfers, letters, CSV export) share with the tRPC API: the
// session check, and errors answered with the status and message the API would give.
import { AppError, type AuthedContext, type Context, resolveSession } from '@relief-desk/api';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Context;

export async function authed(ctx: Context): Promise<AuthedContext> {
  const user = ctx.sessionToken ? await resolveSession(ctx.db, ctx.clock, ctx.sessionToken) : null;
  if (!user) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.');
  ctx.log.user?.(user.id);
  return { ...ctx, user };
}

/** A refusal gets the API's status and message; anything else is logged and answered 500. */
export function sendRouteError(reply: FastifyReply, request: FastifyRequest, error: unknown, what: string) {
  if (error instanceof AppError)
    return reply
      .code(getHTTPStatusCodeFromError(error))
      .send({ error: { message: error.message, appCode: error.appCode } });
  request.log.error({ err: error }, `${what} failed`);
  return reply
    .code(500)
    .send({ error: { message: 'Something went wrong on our side. Try again.', appCode: 'INTERNAL' } });
}
