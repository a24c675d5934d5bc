import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadLetters } from '../../../../libs/dead-letters/src/index.js';
import {
  DEAD_LETTER_QUEUE,
  QueueConsumer,
  UnrecoverableError,
  type ConsumerOptions,
  type DeadLetterQueue,
  type Job,
  type JobDataOf,
} from '../../../../libs/queue/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

export type DeadLetterOutcome = 'redriven' | 'no-longer-dead';

/**
 * The dead-letter queue's consumer. A new letter is parked: its only attempt fails
 * with the reason, so Bull Board lists it under Failed. An operator's Retry (one or
 * all) runs it again — attemptsMade is then 1, since Bull Board's retry keeps the
 * count — and that run redrives the notification.
 */
@Injectable()
export class DeadLetterConsumer extends QueueConsumer<JobDataOf<DeadLetterQueue>, DeadLetterOutcome> {
  protected readonly logger = new Logger(DeadLetterConsumer.name);

  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    super(DEAD_LETTER_QUEUE, config);
  }

  protected options(): ConsumerOptions {
    return { concurrency: 10 };
  }

  protected async process(job: Job<JobDataOf<DeadLetterQueue>, DeadLetterOutcome>): Promise<DeadLetterOutcome> {
    const letter = job.data;
    if (job.attemptsMade === 0) {
      throw new UnrecoverableError(`${letter.leg} ${letter.classification} ${letter.code}: ${letter.error} (after ${letter.attempts} attempts)`);
    }
    const redriven = await this.deadLetters.redrive(letter.notificationId, 'operator');
    this.logger.log(`dead letter ${letter.notificationId}: ${redriven ? 'redriven' : 'no longer dead, left alone'}`);
    return redriven ? 'redriven' : 'no-longer-dead';
  }
}
