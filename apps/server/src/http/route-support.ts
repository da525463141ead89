// What the plain HTTP routes (file transfers, letters, CSV export) share with the tRPC API: the
// session check, and errors answered with the status and message the API would give.
import {
  AppError,
  type Context,
  type OfficeContext,
  putReadsElsewhereOnRecord,
  recordRefusal,
  signedIn,
  signedInScope,
  unavailableFrom,
} from '@relief-desk/api';
import { recordIdSchema } from '@relief-desk/domain';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Context;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What a signed-in person's use of the route is on record as (its audit rows' action, as a
     * procedure's name is for tRPC), given where the route is registered: the route table lists it.
     */
    onRecordAs?: string;
  }
}

/** The name the request's route is on record as (its registration's `config.onRecordAs`). */
function onRecordAs(request: FastifyRequest): string {
  const name = request.routeOptions.config.onRecordAs;
  if (!name) throw new Error(`${request.routeOptions.url} is registered without config.onRecordAs.`);
  return name;
}

/**
 * The signed-in person, as a tRPC procedure has them: same session rules, same office scope, on record
 * under the route's name.
 */
export function authed(request: FastifyRequest, ctx: Context): Promise<OfficeContext> {
  return signedInAs(ctx, onRecordAs(request));
}

async function signedInAs(ctx: Context, route: string): Promise<OfficeContext> {
  return signedInScope(await signedIn(ctx, route), route);
}

/**
 * A route's work as the signed-in person (authed), with a refusal the work finds (an unknown record,
 * or another office's) put on record under the route's name, as the procedures' middleware does.
 */
export async function asSignedIn<T>(
  request: FastifyRequest,
  ctx: Context,
  work: (ctx: OfficeContext) => Promise<T>,
): Promise<T> {
  const route = onRecordAs(request);
  const office = await signedInAs(ctx, route);
  try {
    return await work(office);
  } catch (error) {
    await recordRefusal(ctx.db, office, route, error);
    throw error;
  } finally {
    await putReadsElsewhereOnRecord(office.db);
  }
}

/**
 * The id of a record named in the address (:fileId, :documentId, …), checked with the shared schema of
 * record ids once it is cleaned (edge.ts): one that is not an id the desk makes is refused 400, saying
 * how to open the record instead, rather than looked up. `what` names the record with its article.
 */
export function recordIdIn<P extends Record<string, string>>(
  params: P,
  param: keyof P & string,
  what: string,
): string {
  const parsed = recordIdSchema(what).safeParse(params[param]);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? `That address does not name ${what}.`;
  throw new AppError('BAD_INPUT', message, { fieldErrors: [{ path: param, message }] });
}

/**
 * A refusal gets the API's status and message (with Retry-After where it says when to try again); a
 * database that could not take the request, 503 (unavailableFrom); anything else is logged and
 * answered 500.
 */
export function sendRouteError(reply: FastifyReply, request: FastifyRequest, error: unknown, what: string) {
  const unavailable = unavailableFrom(error);
  if (unavailable) request.log.error({ err: error }, `${what}: the database could not take it; answered 503`);
  const refusal = error instanceof AppError ? error : unavailable;
  if (refusal) {
    setRetryAfter(reply, refusal);
    return reply
      .code(getHTTPStatusCodeFromError(refusal))
      .send({ error: { message: refusal.message, appCode: refusal.appCode } });
  }
  request.log.error({ err: error }, `${what} failed`);
  return reply
    .code(500)
    .send({ error: { message: 'Something went wrong on our side. Try again.', appCode: 'INTERNAL' } });
}

/** Retry-After, from a refusal that says when to try again (RATE_LIMITED, UNAVAILABLE). */
export function setRetryAfter(reply: FastifyReply, refusal: AppError | null): void {
  if (refusal?.retryAfterSeconds) reply.header('retry-after', String(refusal.retryAfterSeconds));
}
