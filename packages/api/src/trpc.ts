// The few building blocks procedures are made of: a public procedure (sign-in only), one that needs
// a session, and one per permission. Role and office checks happen here, on the server, every time.

import type { Permission } from '@relief-desk/domain';
import { sayRefusalsInWords, withholdCriminalHistory } from '@relief-desk/domain';
import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { checkAgain, type PassedCheck, requireProcedurePermission } from './access.ts';
import { putReadsElsewhereOnRecord, putRefusalOnRecord, recordRefusal } from './audit.ts';
import type { Context, OfficeContext } from './context.ts';
import { AppError, fieldErrorsOf, unavailableFrom } from './errors.ts';
import { answersOnce } from './features/auth/mfa/rules.ts';
import { openKeyedRequest } from './idempotency.ts';
import { signedIn, signedInScope } from './signed-in.ts';

// Every procedure's input, and every route's, is refused in the desk's words, not zod's.
sayRefusalsInWords();

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const appError = error instanceof AppError ? error : null;
    const zodCause = error.cause instanceof ZodError ? error.cause : null;
    const fieldErrors = fieldErrorsOf(appError ?? zodCause);
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    if (internal) ctx?.log.error('Unexpected error in a procedure', error.cause ?? error);
    let message = shape.message;
    if (zodCause) message = 'Some fields need attention: see the messages beside them.';
    // An unexpected error's message stays in the log; an AppError's is written for people.
    if (internal && !appError)
      message =
        'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.';
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        appCode: appError?.appCode ?? (zodCause ? 'BAD_INPUT' : internal ? 'INTERNAL' : shape.data.code),
        fieldErrors,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure: a failure that says the database could not take the request just then (busy,
 * locked by another process, out of reach) is answered 503 with Retry-After, so the person and the
 * web app's own retry know to send it again, instead of a 500 that reads as a fault in the desk.
 */
const anyProcedure = t.procedure.use(async ({ ctx, next }) => {
  const result = await next();
  // An AppError is an answer already (savedButUnanswered among them), whatever caused it.
  if (result.ok || result.error instanceof AppError) return result;
  const unavailable = unavailableFrom(result.error.cause ?? result.error);
  if (!unavailable) return result;
  ctx.log.error('The database could not take the request; answered 503', result.error.cause);
  return { ...result, error: unavailable };
});

/** Only for signing in: every other procedure needs a session. */
export const publicProcedure = anyProcedure;

const sessionProcedure = anyProcedure.use(async ({ ctx, next, path }) => {
  // A session that may only set up a second factor is refused every other procedure (sessions.ts).
  const authed = await signedIn(ctx, path);
  const { user } = authed;
  // tRPC merges what next is given into the context, key by key (a slow spread): only what changed.
  const result = await next({ ctx: { user } });
  // Need to know, by structure: whatever a procedure returns passes the one declaration of what is
  // criminal history, so a new procedure cannot forget it.
  if (result.ok && !user.canViewRapSheets) return { ...result, data: withholdCriminalHistory(result.data) };
  // Refusals found inside a transaction are recorded here, after it has rolled back.
  if (!result.ok) await recordRefusal(ctx.db, authed, path, result.error);
  return result;
});

// Request keys, by structure: every mutation of a signed-in person honours its Idempotency-Key, so a
// new mutation cannot forget it (idempotency.ts). Inside the need-to-know filter above, so an answer
// given again passes it too. A key whose first run has answered is not answered here: the replay goes
// on through the office scope and the procedure's role check, and is answered after them
// (answeredAgain, below), so it is refused and put on record as a first call would be.
type Replay = { data: unknown; checks: readonly PassedCheck[] } | null;

// The first run's answer, given again without running the procedure.
const answerAgain = (data: unknown) => ({ ok: true as const, data, marker: 'middlewareMarker' as never });

const keyedProcedure = sessionProcedure.use(async ({ ctx, type, path, getRawInput, next }) => {
  const none: Replay = null;
  // Answers shown once (recovery codes, a new authenticator's secret) are never kept: running such a
  // request again answers afresh, and the earlier answer no longer works.
  if (type !== 'mutation' || !ctx.requestKey || answersOnce(path)) return next({ ctx: { replay: none } });
  const keyed = await openKeyedRequest(ctx, {
    key: ctx.requestKey,
    procedure: path,
    // A mutation without input (sign-out, "stay signed in") comes with an empty body, which does not
    // read as JSON: its input is none. A body that fails to read for a procedure with input fails
    // again, with its message, when the procedure reads its input.
    input: await getRawInput().catch(() => undefined),
  });
  if (keyed.kind === 'replay') {
    const replay: Replay = { data: keyed.data, checks: keyed.checks };
    return next({ ctx: { replay } });
  }
  try {
    const result = await next({ ctx: { db: keyed.db, replay: none, passedChecks: keyed.checks } });
    const settled = await keyed.settle(
      result.ok ? { ok: true, data: result.data } : { ok: false, error: result.error },
    );
    if (settled.kind === 'refuse') throw settled.error;
    if (settled.kind === 'keep') return result;
    // Another request with the key answered first: its answer, once its checks pass for this person.
    await checkAgain(signedInScope(ctx, path), settled.checks);
    return answerAgain(settled.data);
  } finally {
    keyed.release();
  }
});

/** The signed-in person's procedure, its database handle held to their office: see authedProcedure. */
const scopedProcedure = keyedProcedure.use(async ({ ctx, next, path, type, getRawInput }) => {
  const { db } = signedInScope(ctx, path);
  try {
    const result = await next({ ctx: { db } });
    // Every refused mutation on record (a stale save, bad input…), after its transaction rolled back.
    // A row that cannot be written is logged; the person still hears why they were refused.
    if (!result.ok && type === 'mutation')
      await putRefusalOnRecord(db, path, result.error, await getRawInput().catch(() => undefined)).catch(
        (error: unknown) => ctx.log.error('Could not put a refusal on record', error),
      );
    return result;
  } finally {
    // Other offices' records read inside its transactions, committed or rolled back.
    await putReadsElsewhereOnRecord(db);
  }
});

/**
 * What the last middleware of every signed-in procedure does with a keyed replay, which has passed
 * everything before it (the session, the office scope, the procedure's role check): the access checks
 * its first run's work passed are made again (access.ts), then it is answered without running the
 * procedure. Null for a request that runs.
 */
async function answeredAgain(ctx: OfficeContext & { replay: Replay }) {
  if (!ctx.replay) return null;
  await checkAgain(ctx, ctx.replay.checks);
  return answerAgain(ctx.replay.data);
}

/**
 * A signed-in person's procedure. By structure, its database handle sees and changes only the
 * person's own office's rows (a query that leaves out the office cannot reach another office's
 * records), and its transactions commit a change only with an audit row (signed-in.ts).
 */
export const authedProcedure = scopedProcedure.use(
  async ({ ctx, next }) => (await answeredAgain(ctx)) ?? next(),
);

/** A procedure open only to roles that hold the permission; refusals are audited, a replay's too. */
export function procedureFor(permission: Permission) {
  return scopedProcedure
    .use(async ({ ctx, next }) => {
      await requireProcedurePermission(ctx, permission);
      return next();
    })
    .use(async ({ ctx, next }) => (await answeredAgain(ctx)) ?? next());
}
