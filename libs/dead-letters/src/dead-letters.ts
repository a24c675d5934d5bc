import { Injectable } from '@nestjs/common';
import { NotificationRepository } from '../../db/src/index.js';
import type { NotificationStatus } from '../../domain/src/index.js';
import { DeadLetterQueue, SendQueue, type JobTarget, type Letter } from '../../queue/src/index.js';

export type { Letter };

/**
 * Moving notifications into and out of the dead-letter queue. The row is changed
 * first (a conditional transition), then the queues; a crash between the two is
 * repaired by the reconciler, which finds dead rows without a letter and pending
 * rows without a runnable job.
 */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly sendQueue: SendQueue,
    private readonly deadLetterQueue: DeadLetterQueue,
  ) {}

  /**
   * Marks the row dead (from one of `from`) and files its letter; false if the row had
   * moved on. `afterVendorCall`: the death is the outcome of a vendor attempt, which counts.
   */
  async bury(id: string, from: NotificationStatus[], letter: Omit<Letter, 'attempts'>, actor: string, afterVendorCall = false): Promise<boolean> {
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

  /** Adds the letter to the dead-letter queue, where its consumer parks it for Bull Board. */
  file(target: JobTarget, letter: Letter): Promise<void> {
    return this.deadLetterQueue.file(target, letter);
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
    return this.sendQueue.ensureAlimtalk(target);
  }

  /** Drops a parked letter once its notification was redriven another way (REST). */
  discardLetter(id: string): Promise<void> {
    return this.deadLetterQueue.discard(id);
  }

  hasLetter(id: string): Promise<boolean> {
    return this.deadLetterQueue.has(id);
  }
}
