/**
 * Whether an error means the database cannot be reached now (stopped, restarting, the connection cut, no free
 * connection in time) rather than that a query is wrong: the API answers 503 for it, and a job fails to be retried.
 */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATEs: connection exceptions (class 08), the server shutting down or starting (57P01–57P03), too many connections. */
const SQLSTATE = /^(08\d\d\d|57P0[123]|53300)$/;
const MESSAGE =
  /Connection terminated|connection to the server was lost|terminating connection due to administrator command|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const { code, message } = x as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && MESSAGE.test(message)) return true;
    // an AggregateError (a connection tried on IPv4 and IPv6, both refused)
    const errors = (x as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length && errors.every((y) => isDatabaseUnavailable(y))) return true;
  }
  return false;
}
