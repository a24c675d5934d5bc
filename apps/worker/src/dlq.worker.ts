import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { DeadLetters } from '../../../libs/dead-letters/src/index.js';
import { DLQ_QUEUE, type DeadLetterData } from '../../../libs/queue/src/index.js';
import { closeGracefully, startWorker } from './managed-worker.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

export type DeadLetterOutcome = 'redriven' | 'no-longer-dead';

/**
 * The dead-letter queue's processor. A new letter is parked: its only attempt fails
 * with the reason, so Bull Board lists it under Failed. An operator's Retry (one or
 * all) runs it again — attemptsMade is then 1, since Bull Board's retry keeps the
 * count — and that run redrives the notification.
 */
@Injectable()
export class DeadLetterWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeadLetterWorker.name);
  private worker?: Worker<DeadLetterData, DeadLetterOutcome>;

  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<DeadLetterData, DeadLetterOutcome>(DLQ_QUEUE, (job) => this.process(job), this.config, this.logger, {
      concurrency: 10,
    });
  }

  private async process(job: Job<DeadLetterData, DeadLetterOutcome>): Promise<DeadLetterOutcome> {
    const letter = job.data;
    if (job.attemptsMade === 0) {
      throw new UnrecoverableError(`${letter.leg} ${letter.classification} ${letter.code}: ${letter.error} (after ${letter.attempts} attempts)`);
    }
    const redriven = await this.deadLetters.redrive(letter.notificationId, 'operator');
    this.logger.log(`dead letter ${letter.notificationId}: ${redriven ? 'redriven' : 'no longer dead, left alone'}`);
    return redriven ? 'redriven' : 'no-longer-dead';
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeGracefully(this.worker, this.config.WORKER_SHUTDOWN_GRACE_MS, this.logger);
  }
}
