import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { clusterOptions, redisOptions, type RedisRole } from './redis-options.js';
import { redisTarget, type RedisSettings } from './redis-settings.js';

/** A connection to the deployment's Redis, whichever kind it is; both run the same commands and Lua scripts. */
export type RedisClient = Redis | Cluster;

/**
 * Opens a plain ioredis connection (the rate limiters' own, outside BullMQ): a Cluster
 * client when REDIS_CLUSTER_NODES names one, else one server's. `extra` adds options to
 * every node's connection (e.g. auto-pipelining).
 */
export function openRedis(settings: RedisSettings, role: RedisRole, extra: RedisOptions = {}): RedisClient {
  const target = redisTarget(settings);
  if (target.kind === 'cluster') {
    const { enableAutoPipelining, ...node } = extra;
    return new Cluster(target.cluster.nodes, { ...clusterOptions(target.cluster, role, node), enableAutoPipelining });
  }
  return new Redis({ ...redisOptions(target.url, role), ...extra });
}
