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
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field-level problem: where (a path into the input) and how to fix it. */
export interface FieldError {
  path: string;
  message: string;
}
