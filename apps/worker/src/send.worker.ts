import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { queueRootOptions, SEND_QUEUE, type SendJobData } from '../../../libs/queue/src/index.js';
import { DeliveryService, type DeliveryOutcome } from './delivery.service.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/**
 * Owns the BullMQ worker of the send queue. Built by hand rather than with
 * @Processor so that concurrency and the limiter come from validated config, and
 * so shutdown order is explicit: stop taking jobs and finish the active ones
 * before the database pool closes.
 */
@Injectable()
export class SendWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SendWorker.name);
  private worker?: Worker<SendJobData, DeliveryOutcome>;

  constructor(
    private readonly delivery: DeliveryService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<SendJobData, DeliveryOutcome>(SEND_QUEUE, (job) => this.process(job), {
      ...queueRootOptions(this.config, 'worker'),
      concurrency: this.config.WORKER_CONCURRENCY,
      limiter: { max: this.config.VENDOR_TPS, duration: 1000 },
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
  }

  private process(job: Job<SendJobData, DeliveryOutcome>): Promise<DeliveryOutcome> {
    const attempts = job.opts.attempts ?? 1;
    return this.delivery.deliver({
      notificationId: job.data.notificationId,
      isLastAttempt: job.attemptsMade + 1 >= attempts,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
