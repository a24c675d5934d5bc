import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';

/**
 * What a processor needs of BullMQ besides its job, so that processors import
 * nothing from BullMQ themselves: the job type and the errors that steer it.
 * - UnrecoverableError: fail the job now, no retry (a permanent failure).
 * - rateLimitedError: turn the job back after a queue pause, no attempt spent.
 * - delayJob: put the job back to run later, no attempt spent.
 */
export type { Job };
export { UnrecoverableError };

export const rateLimitedError = (): Error => Worker.RateLimitError();

/** Moves the job back to delayed until `runAt` (epoch ms) and throws what tells BullMQ it did. */
export async function delayJob(job: Job, runAt: number, token: string | undefined, reason?: string): Promise<never> {
  await job.moveToDelayed(runAt, token);
  throw new DelayedError(reason);
}

/** How many times the job was turned back by a rate limit: started without an attempt being spent. */
export const rateLimitedStarts = (job: Job): number => (job.attemptsStarted ?? 0) - job.attemptsMade;
