import type { RedisClusterSpec } from '../../../config/src/index.js';

/** Where a deployment's Redis is: one server (REDIS_URL) or a cluster (REDIS_CLUSTER_NODES); config validation makes it exactly one. */
export interface RedisSettings {
  REDIS_URL?: string;
  REDIS_CLUSTER_NODES?: RedisClusterSpec;
  QUEUE_PREFIX: string;
}

export type RedisTarget = { kind: 'server'; url: string } | { kind: 'cluster'; cluster: RedisClusterSpec };

export function redisTarget(settings: RedisSettings): RedisTarget {
  if (settings.REDIS_CLUSTER_NODES) return { kind: 'cluster', cluster: settings.REDIS_CLUSTER_NODES };
  if (settings.REDIS_URL) return { kind: 'server', url: settings.REDIS_URL };
  throw new Error('neither REDIS_URL nor REDIS_CLUSTER_NODES is set');
}

/**
 * The key prefix of one queue. On one server it is QUEUE_PREFIX, as it always was. In a
 * cluster every key of a queue must share a slot (BullMQ's scripts touch several at
 * once), and each queue should sit on a slot of its own so queues spread over the
 * masters: the prefix becomes a hash tag naming the queue.
 */
export function queueKeyPrefix(settings: RedisSettings, queueName: string): string {
  return settings.REDIS_CLUSTER_NODES ? `{${settings.QUEUE_PREFIX}:${queueName}}` : settings.QUEUE_PREFIX;
}
