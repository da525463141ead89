// Sign-in at the HTTP edge: each attempt is a request of its own (a batch of attempts would share one
// request's worth of limits), and an address refused for too many attempts is told when to try again.
import { AppError } from '@relief-desk/api';
import type { TRPCError } from '@trpc/server';
import type { ResponseMeta, TRPCRequestInfo } from '@trpc/server/http';

/** Both steps of a sign-in: the password, and the second factor. */
const SIGN_IN = new Set(['auth.signIn', 'auth.signInSecondFactor']);

/**
 * Called as the request's context is made, after tRPC has read which procedures it calls: a batch
 * that contains a sign-in step fails whole, before any of its calls runs. The web app sends each alone.
 */
export function refuseBatchedSignIn(info: TRPCRequestInfo | undefined): void {
  if (info?.isBatchCall && info.calls.some((call) => SIGN_IN.has(call.path)))
    throw new AppError('BAD_INPUT', 'Sign in with a request of its own: sign-in is never part of a batch.');
}

/** Retry-After (seconds) on a response refused for too many attempts. */
export function retryAfter({ errors }: { errors: TRPCError[] }): ResponseMeta {
  const waits = errors.flatMap((e) =>
    e instanceof AppError && e.retryAfterSeconds ? [e.retryAfterSeconds] : [],
  );
  return waits.length > 0 ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
}
