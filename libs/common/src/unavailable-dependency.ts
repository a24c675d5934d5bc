/** The stores Herald depends on; `store` when a socket error does not say which. */
export type Dependency = 'postgres' | 'redis' | 'store';

/**
 * Postgres SQLSTATEs that mean the server cannot serve this connection now: class 08
 * (connection exception), 57P01–57P03 (shut down, crash, cannot connect now) and
 * 53300 (too many connections).
 */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const POSTGRES_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|terminating connection|the database system is (starting up|shutting down)/i;
/** ioredis: commands refused while disconnected (producer connections do not queue them) or given up after retries. */
const REDIS_MESSAGES = /Stream isn't writeable|Connection is closed|enableOfflineQueue|max retries per request|MaxRetriesPerRequest/i;
/** A socket that could not reach, or lost, the store. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** A store did not answer in time, or refused for being down: the caller may retry later. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    message: string,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Which store an error says is unreachable, or undefined for any other error (a bug,
 * bad data). Follows `cause` (drizzle wraps the driver's error) a few levels deep.
 * Read by the API to answer 503 with Retry-After instead of a bare 500.
 */
export function unavailableDependency(error: unknown): Dependency | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof StoreUnavailableError) return current.dependency;
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    // The vendor is not one of Herald's stores: its failures follow the send failure policy.
    if (name === 'VendorError') return undefined;
    const text = typeof message === 'string' ? message : '';
    if (typeof code === 'string' && POSTGRES_UNAVAILABLE.test(code)) return 'postgres';
    if (POSTGRES_MESSAGES.test(text)) return 'postgres';
    if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(text)) return 'redis';
    if (typeof code === 'string' && SOCKET_CODES.has(code)) return 'store';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * MicroBatcher's `splitWhen` for shared statements: a failure that is not an outage
 * may be one bad item's, so the batch is split to let it fail alone; an outage would
 * fail every half too, so the batch fails as one.
 */
export function unlessUnavailable(error: unknown): boolean {
  return unavailableDependency(error) === undefined;
}
