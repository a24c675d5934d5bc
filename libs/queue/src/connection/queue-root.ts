import type { QueueOptions } from 'bullmq';
import { redisOptions } from './redis-options.js';

/** Connection and key prefix shared by every queue and worker of one Herald deployment. */
export function queueRootOptions(
  config: { REDIS_URL: string; QUEUE_PREFIX: string },
  role: 'producer' | 'worker',
): Pick<QueueOptions, 'connection' | 'prefix'> {
  return { connection: redisOptions(config.REDIS_URL, role), prefix: config.QUEUE_PREFIX };
}
