import type { RedisOptions } from 'bullmq';

/**
 * The one place Redis connection options are built.
 * - worker: BullMQ's blocking connections must never give up on a command
 *   (`maxRetriesPerRequest: null`), or a Redis blip kills the worker loop.
 * - producer: an API request must fail fast on a dead Redis instead of hanging,
 *   so commands are not buffered while disconnected.
 */
export function redisOptions(url: string, role: 'producer' | 'worker'): RedisOptions {
  const parsed = new URL(url);
  const base: RedisOptions = {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
  return role === 'worker' ? { ...base, maxRetriesPerRequest: null } : { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 };
}
