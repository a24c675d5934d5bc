import type { JobsOptions, Queue } from 'bullmq';
import type { FailureClass, SendLeg } from '../../../domain/src/index.js';
import { HeraldQueue, type QueueBounds } from '../herald-queue.js';
import { jobTitle, operatorFields, type JobTarget } from '../job-display.js';
import type { QueuedJob } from '../queued-job.js';

/**
 * Dead letters: one job per notification Herald gave up on. Its processor parks each
 * new one as a failed job, so Bull Board lists it with its reason; retrying it there
 * (or POST /v1/dlq/redrive) sends the notification back with a fresh attempt budget.
 */
export const DEAD_LETTER_QUEUE = 'notifications-dlq';

export interface DeadLetterData {
  notificationId: string;
  leg: SendLeg;
  /** permanent: the vendor refused it; transient: retries ran out. */
  classification: Exclude<FailureClass, 'rate_limited'>;
  code: string;
  error: string;
  attempts: number;
  diedAt: string;
  /** For operators (Bull Board): the masked recipient, template and campaign. */
  to?: string;
  templateCode?: string;
  campaignId?: string;
}

export type Letter = Pick<DeadLetterData, 'leg' | 'classification' | 'code' | 'error' | 'attempts'>;

export const deadLetterJobId = (notificationId: string): string => notificationId;

const DEAD_LETTER_JOB_OPTIONS: JobsOptions = {
  // Parking is the failure of the only attempt; a retry from Bull Board is the redrive.
  attempts: 1,
  // Parked letters stay until redriven; a redriven one has done its job.
  removeOnFail: false,
  removeOnComplete: true,
};

/** A notification's dead letter, named like its send job (`alimtalk → 010****5678`). */
export function deadLetterJob(target: JobTarget, letter: Letter): QueuedJob<DeadLetterData> {
  return {
    name: jobTitle(letter.leg, target.recipient, target.tenantId),
    data: { notificationId: target.id, ...letter, diedAt: new Date().toISOString(), ...operatorFields(target) },
    opts: { ...DEAD_LETTER_JOB_OPTIONS, jobId: deadLetterJobId(target.id) },
  };
}

export class DeadLetterQueue extends HeraldQueue<DeadLetterData> {
  constructor(queue: Queue<DeadLetterData>, bounds?: QueueBounds) {
    super(queue, bounds);
  }

  /** Files the letter; the dead-letter consumer parks it where Bull Board shows it. */
  async file(target: JobTarget, letter: Letter): Promise<void> {
    const job = deadLetterJob(target, letter);
    await this.command('clearing a redriven letter', async (queue) => {
      const existing = await queue.getJob(job.opts.jobId);
      // A completed letter is from an earlier death that was redriven; this is a new one.
      if (existing && (await existing.isCompleted())) await existing.remove();
    });
    await this.add(job);
  }

  /** Drops a parked letter once its notification was redriven another way (REST). */
  async discard(notificationId: string): Promise<void> {
    await this.command('discarding a letter', async (queue) => {
      const job = await queue.getJob(deadLetterJobId(notificationId));
      if (job && (await job.isFailed())) await job.remove();
    });
  }

  async has(notificationId: string): Promise<boolean> {
    return (await this.inspect(deadLetterJobId(notificationId))).state !== 'missing';
  }
}
