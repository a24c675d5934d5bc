import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { RedisClusterSpec } from '../../../config/src/index.js';

export type RedisRole = 'producer' | 'worker';

/**
 * How long a command waits on each role:
 * - worker: BullMQ's blocking connections must never give up on a command
 *   (`maxRetriesPerRequest: null`), or a Redis blip kills the worker loop.
 * - producer: an API request must fail fast on a dead Redis instead of hanging,
 *   so commands are not buffered while disconnected.
 */
const patience = (role: RedisRole): RedisOptions =>
  role === 'worker' ? { maxRetriesPerRequest: null } : { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 };

/** The one place a single Redis server's connection options are built. */
export function redisOptions(url: string, role: RedisRole): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    ...patience(role),
  };
}

/**
 * A cluster client's options. Each node's connection gets the role's patience; the
 * cluster itself keeps retrying through a failover (a replica takes over within a few
 * seconds: node timeout plus election) instead of failing every command meanwhile.
 * A producer does not queue commands while no node is reachable, as on one server.
 */
export function clusterOptions(spec: RedisClusterSpec, role: RedisRole, node: RedisOptions = {}): ClusterOptions {
  const { enableOfflineQueue, ...nodePatience } = patience(role);
  return {
    redisOptions: { username: spec.username, password: spec.password, tls: spec.tls ? {} : undefined, ...nodePatience, ...node },
    enableOfflineQueue: enableOfflineQueue ?? true,
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
    retryDelayOnTryAgain: 200,
    // Enough redirections to ride out an election (CLUSTERDOWN is retried as one).
    maxRedirections: 50,
    slotsRefreshTimeout: 2000,
    // Managed TLS clusters (ElastiCache, MemoryDB) announce hostnames their certificates
    // name: connect to them as given rather than to a resolved address.
    ...(spec.tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
  };
}
