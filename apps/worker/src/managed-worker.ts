import type { Logger } from '@nestjs/common';
import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import { TimeoutError, withTimeout } from '../../../libs/common/src/index.js';
import { jobLogFields, withLogContext } from '../../../libs/logging/src/index.js';
import { queueRootOptions } from '../../../libs/queue/src/index.js';
import type { WorkerConfig } from './worker-config.js';

/**
 * A BullMQ worker with Herald's connection, prefix and stall settings.
 * lockDuration: a killed worker's jobs are taken over when their lock expires and
 * the next stall check runs, so within ~1.5 × WORKER_LOCK_MS. Shorter recovers
 * faster but risks a false stall when the event loop blocks longer than the lock;
 * that costs a repeated attempt, which the row claim and the vendor's ref
 * deduplication absorb, never a second message.
 */
const STALLS_BEFORE_FAILING = 20;

export function startWorker<Data, Result>(
  queue: string,
  processor: Processor<Data, Result>,
  config: WorkerConfig,
  logger: Logger,
  options: Partial<WorkerOptions> = {},
): Worker<Data, Result> {
  // Every log line written while a job runs carries its job id, attempt and notification.
  const withContext: Processor<Data, Result> = (job, token) => withLogContext(jobLogFields(job), () => processor(job, token));
  const worker = new Worker<Data, Result>(queue, withContext, {
    ...queueRootOptions(config, 'worker'),
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: Math.max(1000, Math.floor(config.WORKER_LOCK_MS / 2)),
    // BullMQ fails a job for good on its second stall (maxStalledCount 1). Every Herald
    // job is safe to run again (row claims, vendor refs, idempotent report batches), and
    // under CPU starvation a busy worker can miss lock renewals more than once: a report
    // job failed that way would leave its rows `sent` for ever. Let stalls retry.
    maxStalledCount: STALLS_BEFORE_FAILING,
    ...options,
  });
  worker.on('error', (error) => logger.error(`${queue} worker: ${error.message}`));
  return worker;
}

/**
 * SIGTERM: stop fetching, give active jobs the grace period to finish, then force
 * the close. A forced job is not lost: its lock lapses and another worker takes it
 * over as stalled, where the row claim and the vendor ref keep it from doubling.
 */
export async function closeGracefully(worker: Worker | undefined, graceMs: number, logger: Logger): Promise<void> {
  if (!worker) return;
  try {
    await withTimeout(worker.close(), graceMs, `closing ${worker.name}`);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    logger.warn(`${worker.name}: active jobs still running after ${graceMs} ms; handing them back`);
    await worker.close(true);
  }
}
