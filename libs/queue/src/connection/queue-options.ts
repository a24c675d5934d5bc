import { createIORedisClient, RedisConnection, type QueueOptions, type RedisOptions as BullRedisOptions } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import type { RedisClusterSpec } from '../../../config/src/index.js';
import { clusterOptions, redisOptions, type RedisRole } from './redis-options.js';
import { queueKeyPrefix, redisTarget, type RedisSettings } from './redis-settings.js';

/** Marks BullMQ connection options as a cluster's, for the client factory below. */
interface ClusterMark {
  heraldCluster: RedisClusterSpec;
  heraldRole: RedisRole;
}

/**
 * BullMQ builds a Redis client from plain options for each Queue and Worker (and the
 * worker's blocking connection), and owns it: closes it on close. Plain options can
 * only describe one server, so cluster options carry a mark and this factory, BullMQ's
 * supported hook for choosing the client, builds an ioredis Cluster for them. Passing a
 * ready Cluster instead would make it shared, and nobody would close it.
 */
function heraldClientFactory(options: BullRedisOptions) {
  const { heraldCluster, heraldRole, url, ...rest } = options as BullRedisOptions & Partial<ClusterMark>;
  if (heraldCluster && heraldRole) {
    // BullMQ asks blocking connections never to give up on a command; keep that per node.
    const node = rest.maxRetriesPerRequest === null ? { maxRetriesPerRequest: null } : {};
    return createIORedisClient(new Cluster(heraldCluster.nodes, clusterOptions(heraldCluster, heraldRole, node)));
  }
  return createIORedisClient(url ? new Redis(url, rest) : new Redis(rest));
}

/** Connection and key prefix of one queue of a Herald deployment, for its Queue and its Worker alike. */
export function queueOptions(settings: RedisSettings, role: RedisRole, queueName: string): Pick<QueueOptions, 'connection' | 'prefix'> {
  const target = redisTarget(settings);
  const prefix = queueKeyPrefix(settings, queueName);
  if (target.kind === 'server') return { connection: redisOptions(target.url, role) as BullRedisOptions, prefix };
  RedisConnection.clientFactory ??= heraldClientFactory;
  const mark: ClusterMark = { heraldCluster: target.cluster, heraldRole: role };
  return { connection: mark, prefix };
}
