import type { JobState, Queue } from 'bullmq';
import { StoreUnavailableError, TimeoutError, withTimeout } from '../../common/src/index.js';
import { ensureJob, type EnsureResult } from './ensure-job.js';
import type { QueuedJob } from './queued-job.js';

export interface QueueBounds {
  /** How long a producer waits for one operation before calling Redis unavailable; unset: as long as it takes (workers). */
  commandTimeoutMs?: number;
}

/** What a job id was found to be: a BullMQ state, or not there at all. */
export type JobSeen = JobState | 'unknown' | 'missing';

/** Every state a BullMQ 6 job can be in (a paused queue's jobs count as waiting). */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
export type CountedState = (typeof JOB_STATES)[number];

/**
 * The one way Herald's code reaches a BullMQ queue. Each queue has a subclass with the
 * operations its producers need, built from that queue's job builders, so `add`,
 * `addBulk` and `getJob` are called here and nowhere else, and a job's payload type
 * comes from the queue it is on.
 */
export abstract class HeraldQueue<Data> {
  /** Only carries the payload type, for `JobDataOf`. */
  declare readonly payload?: Data;

  constructor(
    private readonly queue: Queue<Data>,
    private readonly bounds: QueueBounds = {},
  ) {}

  /**
   * Runs one BullMQ operation on this queue. A producer's (the API's) is bounded by
   * `commandTimeoutMs`: BullMQ waits for a connection rather than failing, so while
   * Redis is down a request would hang; it fails with StoreUnavailableError (a 503)
   * instead. The operation itself is not cancelled and may still complete later, which
   * every caller tolerates (job ids make a late add harmless).
   */
  protected async command<T>(what: string, operation: (queue: Queue<Data>) => Promise<T>): Promise<T> {
    const timeoutMs = this.bounds.commandTimeoutMs;
    if (timeoutMs === undefined) return operation(this.queue);
    try {
      return await withTimeout(operation(this.queue), timeoutMs, `${this.queue.name}: ${what}`);
    } catch (error) {
      if (error instanceof TimeoutError) throw new StoreUnavailableError('redis', error.message);
      throw error;
    }
  }

  get name(): string {
    return this.queue.name;
  }

  /** The BullMQ queue itself, for Bull Board to display; Herald's own code goes through the methods. */
  get bullQueue(): Queue<Data> {
    return this.queue;
  }

  /** Connection errors (each reconnect attempt while Redis is down); without a listener they are printed. */
  onError(listener: (error: Error) => void): void {
    this.queue.on('error', listener);
  }

  /** Any command is a Redis round trip; counting waiting jobs is O(1). A readiness probe. */
  waitingCount(): Promise<number> {
    return this.command('counting waiting jobs', (queue) => queue.getWaitingCount());
  }

  counts(): Promise<Record<CountedState, number>> {
    return this.command('counting jobs', (queue) => queue.getJobCounts(...JOB_STATES) as Promise<Record<CountedState, number>>);
  }

  /** A job's state and, when it failed, why. */
  inspect(jobId: string): Promise<{ state: JobSeen; failedReason?: string }> {
    return this.command('reading a job', async (queue) => {
      const job = await queue.getJob(jobId);
      if (!job) return { state: 'missing' as const };
      return { state: await job.getState(), failedReason: job.failedReason };
    });
  }

  protected async add(job: QueuedJob<Data>): Promise<void> {
    await this.command('adding a job', (queue) => queue.add(job.name as never, job.data as never, job.opts));
  }

  protected async addBulk(jobs: Array<QueuedJob<Data>>): Promise<void> {
    if (jobs.length === 0) return;
    await this.command('adding jobs', (queue) => queue.addBulk(jobs as never));
  }

  protected ensure(job: QueuedJob<Data>): Promise<EnsureResult> {
    return this.command('ensuring a job', (queue) => ensureJob(queue, job));
  }

  /** Removes these jobs where they still wait; a running job (locked) is left to finish. */
  protected async removeWaiting(jobIds: string[]): Promise<void> {
    // Issued together: ioredis pipelines them over the one connection.
    await this.command('removing jobs', (queue) => Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0))));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** The payload type of a queue class's jobs: `JobDataOf<SendQueue>`. */
export type JobDataOf<Q> = Q extends { readonly payload?: infer Data } ? Data : never;
