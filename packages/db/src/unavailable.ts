// Whether a failed statement failed because the database could not take it just then (busy, locked,
// restarting, out of reach) rather than because of what was asked: such a request may succeed if sent
// again in a moment, and is answered 503 with Retry-After instead of a bare 500.

/** SQLSTATE classes and codes of PostgreSQL that say "not now" rather than "not this". */
const POSTGRES_TRY_AGAIN = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '40001', // serialization_failure: another transaction changed the rows first
  '40P01', // deadlock_detected: this transaction was chosen to give way
  '53300', // too_many_connections
  '55P03', // lock_not_available (lock_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
]);

/**
 * Socket errors of a connection to the database server that went away, never came, or whose host
 * did not resolve. Nothing a request runs calls out to another server, so on a request's path they
 * are the database's.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres says these in words only: the pool waited its connection timeout for a free
 * connection (every connection busy), or a connection ended under a statement.
 */
const POSTGRES_DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
];

function isTryAgain(error: { code?: unknown; message?: unknown }): boolean {
  const { code, message } = error;
  if (typeof code === 'string') {
    // better-sqlite3: another process (a second server, the CLI's backup) held the write lock past
    // the busy timeout; extended codes such as SQLITE_BUSY_SNAPSHOT say the same. (SQLITE_LOCKED is
    // a conflict within one connection, which the server's single connection never meets but by a
    // fault: not a busy database.)
    if (code.startsWith('SQLITE_BUSY')) return true;
    // Class 08's connection failures, but not 08P01 (a protocol violation, a fault of ours).
    if (POSTGRES_TRY_AGAIN.has(code) || NETWORK_CODES.has(code)) return true;
  }
  return typeof message === 'string' && POSTGRES_DRIVER_MESSAGES.some((said) => message.includes(said));
}

/** True when the error, or an error it was caused by, says the database could not take the request now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    if (isTryAgain(current as Error & { code?: unknown })) return true;
    seen.add(current);
    current = current.cause;
  }
  return false;
}
