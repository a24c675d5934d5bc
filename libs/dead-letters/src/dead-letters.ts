import type { Queue } from 'bullmq';
import type { NotificationRepository } from '../../db/src/index.js';
import type { NotificationStatus } from '../../domain/src/index.js';
import {
  deadLetterJob,
  deadLetterJobId,
  ensureJob,
  sendJob,
  type DeadLetterData,
  type JobTarget,
  type Letter,
  type SendJobData,
} from '../../queue/src/index.js';

export type { Letter };

/**
 * Moving notifications into and out of the dead-letter queue. The row is changed
 * first (a conditional transition), then the queues; a crash between the two is
 * repaired by the reconciler, which finds dead rows without a letter and pending
 * rows without a runnable job.
 */
export class DeadLetters {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly sendQueue: Queue<SendJobData>,
    private readonly dlq: Queue<DeadLetterData>,
    private readonly sendAttempts: number,
  ) {}

  /**
   * Marks the row dead (from one of `from`) and files its letter; false if the row had
   * moved on. `afterVendorCall`: the death is the outcome of a vendor attempt, which counts.
   */
  async bury(
    id: string,
    from: NotificationStatus[],
    letter: Omit<Letter, 'attempts'>,
    actor: string,
    afterVendorCall = false,
  ): Promise<boolean> {
    const moved = await this.notifications.transition(id, {
      to: 'dead',
      from,
      actor,
      countAttempt: afterVendorCall,
      code: letter.code,
      detail: `${letter.classification}: ${letter.error}`,
    });
    if (!moved) return false;
    await this.file(moved, { ...letter, attempts: moved.attempts });
    return true;
  }

  /** Adds the letter to the DLQ; the DLQ's processor parks it where Bull Board shows it. */
  async file(target: JobTarget, letter: Letter): Promise<void> {
    const job = deadLetterJob(target, letter);
    const existing = await this.dlq.getJob(job.opts.jobId);
    // A completed letter is from an earlier death that was redriven; this is a new one.
    if (existing && (await existing.isCompleted())) await existing.remove();
    await this.dlq.add(job.name, job.data, job.opts);
  }

  /**
   * Sends a dead notification back to the send queue with a fresh attempt budget.
   * A notification that is no longer dead is left alone: returns false.
   */
  async redrive(id: string, actor: string): Promise<boolean> {
    const row = await this.notifications.transition(id, {
      to: 'pending',
      from: ['dead'],
      actor,
      detail: 'redriven from the dead-letter queue',
    });
    if (!row) return false;
    await this.requeue(row);
    return true;
  }

  /** Ensures a pending notification has a send job that will run. */
  requeue(target: JobTarget) {
    return ensureJob(this.sendQueue, sendJob(target, 'alimtalk', { attempts: this.sendAttempts }));
  }

  /** Drops a parked letter once its notification was redriven another way (REST). */
  async discardLetter(id: string): Promise<void> {
    const job = await this.dlq.getJob(deadLetterJobId(id));
    if (job && (await job.isFailed())) await job.remove();
  }

  async hasLetter(id: string): Promise<boolean> {
    return (await this.dlq.getJob(deadLetterJobId(id))) !== undefined;
  }
}
