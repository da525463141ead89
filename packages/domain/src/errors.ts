// Stable error codes the API returns and the web app shows: a code for programs, a message for people.
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_INPUT',
  'VERSION_CONFLICT',
  /** No longer sent: a locked account is answered like a wrong password (BAD_CREDENTIALS). */
  'ACCOUNT_LOCKED',
  'BAD_CREDENTIALS',
  /** Too many attempts from one address: wait the response's Retry-After seconds. */
  'RATE_LIMITED',
  /** A request key (Idempotency-Key) sent again with a different request. */
  'REQUEST_KEY_REUSED',
  /** A request key whose first request is still running: wait, then send it again. */
  'REQUEST_IN_PROGRESS',
  /** A wrong second factor at sign-in (or a locked account): the same words for every case. */
  'BAD_SECOND_FACTOR',
  /** The second step of a sign-in came too late, or without the password step: start again. */
  'SIGN_IN_EXPIRED',
  /** The office requires a second factor and this session may only set one up. */
  'MFA_ENROLMENT_REQUIRED',
  /** Adding or removing a factor needs the password, or a current factor, in the last few minutes. */
  'REAUTHENTICATION_REQUIRED',
  /**
   * The database could not take the request just then (busy, locked by another process, restarting,
   * out of reach): send it again after the response's Retry-After seconds, with the same request key.
   */
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field-level problem: where (a path into the input) and how to fix it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * How a refusal over someone else's newer change ends: a page that reads the record again itself (a
 * RAP sheet review) says what it did instead.
 */
export const RELOAD_AFTER_CONFLICT = 'Reload to see their change, then try again.';
