/**
 * Whether an error means "the database cannot be reached now" rather than "this request is wrong"
 * or "a fault of ours": the one place that knows the drivers' ways of saying so. The HTTP edge
 * answers such errors 503 DATABASE_UNAVAILABLE with `Retry-After` (ADR 0020).
 */

/** Socket errors of a connection that cannot be made or was lost. */
const SOCKET_CODES = new Set(
  'ECONNREFUSED ECONNRESET ECONNABORTED ETIMEDOUT EPIPE ENOTFOUND EAI_AGAIN EHOSTUNREACH ENETUNREACH'.split(
    ' ',
  ),
);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server shutting down,
 * crashed, or starting), 53300 (too many connections), 40001/40P01 are NOT here (a retry of the
 * transaction, not an outage).
 */
const SQLSTATE = /^(08\d{3}|57P0[123]|53300)$/;

/** node-postgres's own errors for a lost or refused connection (they carry no code). */
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== 'object') return false;
    const { code, syscall, message, cause } = e as {
      code?: unknown;
      syscall?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    // A Unix socket path with no server behind it (not any missing file).
    if (code === 'ENOENT' && syscall === 'connect') return true;
    if (typeof message === 'string' && PG_MESSAGES.test(message)) return true;
    e = cause;
  }
  return false;
}

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 2;
