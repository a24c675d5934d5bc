import type { Queue } from 'bullmq';
import type { QueuedJob } from './queued-job.js';

export type EnsureResult = 'added' | 'retried' | 'alive';

/**
 * Makes sure a job with this id will run (again): adds it when absent, retries it with
 * a fresh attempt budget when it already finished (a failed send kept for evidence, a
 * redriven dead letter), and leaves it alone while it waits, is delayed or runs.
 * A plain `add` would silently do nothing for a finished job with the same id.
 */
export async function ensureJob<Data>(queue: Queue<Data>, job: QueuedJob<Data>): Promise<EnsureResult> {
  const existing = await queue.getJob(job.opts.jobId);
  if (!existing) {
    await queue.add(job.name as never, job.data as never, job.opts);
    return 'added';
  }
  const state = await existing.getState();
  if (state === 'failed' || state === 'completed') {
    await existing.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    return 'retried';
  }
  return 'alive';
}
