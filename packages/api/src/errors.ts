// Errors as values with stable codes: the message is safe to show a person; detail stays in the log.
import { isDatabaseUnavailable } from '@relief-desk/db';
import type { ErrorCode, FieldError } from '@relief-desk/domain';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { RecordFacts } from './audit.ts';

type TrpcCode = TRPCError['code'];

const TRPC_CODES: Record<ErrorCode, TrpcCode> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  BAD_CREDENTIALS: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_REQUEST',
  VERSION_CONFLICT: 'CONFLICT',
  ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  REQUEST_KEY_REUSED: 'UNPROCESSABLE_CONTENT',
  REQUEST_IN_PROGRESS: 'CONFLICT',
  BAD_SECOND_FACTOR: 'UNAUTHORIZED',
  SIGN_IN_EXPIRED: 'UNAUTHORIZED',
  MFA_ENROLMENT_REQUIRED: 'FORBIDDEN',
  REAUTHENTICATION_REQUIRED: 'FORBIDDEN',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export class AppError extends TRPCError {
  readonly appCode: ErrorCode;
  readonly fieldErrors: FieldError[];
  /**
   * A refusal to put on record once the transaction it happened in has rolled back (recordRefusal),
   * under the procedure's or route's name unless it names its own action.
   */
  readonly audit: RecordFacts | null;
  /** For RATE_LIMITED and UNAVAILABLE: when to try again, sent as the Retry-After header. */
  readonly retryAfterSeconds: number | null;

  constructor(
    appCode: ErrorCode,
    message: string,
    options: {
      fieldErrors?: FieldError[];
      cause?: unknown;
      audit?: RecordFacts;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super({ code: TRPC_CODES[appCode], message, cause: options.cause });
    this.appCode = appCode;
    this.fieldErrors = options.fieldErrors ?? [];
    this.audit = options.audit ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export const notFound = (what: string, audit?: RecordFacts) =>
  new AppError('NOT_FOUND', `${what} was not found. It may have been removed, or belong to another office.`, {
    audit,
  });

export const badInput = (path: string, message: string) =>
  new AppError('BAD_INPUT', message, { fieldErrors: [{ path, message }] });

/**
 * A refusal of several fields at once, each message on its field under `under` (the path into the
 * input of the object they belong to); `about` names the record when the input holds many.
 */
export function badFields(under: string, problems: FieldError[], about?: string): AppError {
  const said = problems.map((p) => p.message).join(' ');
  return new AppError('BAD_INPUT', about ? `${about}: ${said}` : said, {
    fieldErrors: problems.map((p) => ({ path: `${under}.${p.path}`, message: p.message })),
  });
}

/** How long a request the database could not take waits before it is sent again, in seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** What a refusal says beside each field: an AppError's own, or each of zod's issues at its path. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (error instanceof AppError) return error.fieldErrors;
  if (error instanceof ZodError)
    return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return [];
}

/**
 * The refusal to answer for an error that says the database could not take the request just then
 * (isDatabaseUnavailable), or null for any other error. It claims nothing about what was saved: a
 * connection lost during a commit may have committed, so the person is told to send it again, which
 * the request key makes safe.
 */
export function unavailableFrom(error: unknown): AppError | null {
  if (error instanceof AppError || !isDatabaseUnavailable(error)) return null;
  return new AppError(
    'UNAVAILABLE',
    'The database is busy and could not take this request in time. Try again in a few seconds; if it keeps happening, tell your administrator.',
    { cause: error, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
  );
}
