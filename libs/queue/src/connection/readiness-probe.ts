import { Queue } from 'bullmq';
import { SEND_QUEUE } from '../send/send.queue.js';
import { queueOptions } from './queue-options.js';
import type { RedisSettings } from './redis-settings.js';

/**
 * A producer-style connection for a health probe, which must fail fast rather than
 * wait for Redis as a worker's connections do.
 */
export function openRedisProbe(config: RedisSettings): { waitingCount(): Promise<number>; close(): Promise<void> } {
  const queue = new Queue(SEND_QUEUE, queueOptions(config, 'producer', SEND_QUEUE));
  return { waitingCount: () => queue.getWaitingCount(), close: () => queue.close() };
}
