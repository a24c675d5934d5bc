import { Queue } from 'bullmq';
import { SEND_QUEUE } from '../send/send.queue.js';
import { queueRootOptions } from './queue-root.js';

/**
 * A producer-style connection for a health probe, which must fail fast rather than
 * wait for Redis as a worker's connections do.
 */
export function openRedisProbe(config: { REDIS_URL: string; QUEUE_PREFIX: string }): { waitingCount(): Promise<number>; close(): Promise<void> } {
  const queue = new Queue(SEND_QUEUE, queueRootOptions(config, 'producer'));
  return { waitingCount: () => queue.getWaitingCount(), close: () => queue.close() };
}
