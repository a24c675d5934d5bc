import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { jobLogFields } from '../../../libs/logging/src/index.js';
import { isCampaignBatch, legOf, SEND_QUEUE, type CampaignBatchJobData, type MessageJobData, type SendJobData } from '../../../libs/queue/src/index.js';
import { CampaignBatchService, type BatchSummary } from './campaign-batch.service.js';
import { DeliveryService, type DeliveryOutcome } from './delivery.service.js';
import { FailbackService } from './failback.service.js';
import { closeGracefully, startWorker } from './managed-worker.js';
import { SendFailureHandler } from './send-failure.handler.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/** A single job's outcome, or a campaign batch's count of outcomes. */
type SendResult = DeliveryOutcome | BatchSummary;

/**
 * Owns the BullMQ worker of the send queue. Built by hand rather than with
 * @Processor so that concurrency, limiter and backoff come from validated config,
 * and so shutdown order is explicit: stop taking jobs and finish the active ones
 * before the database pool closes.
 */
@Injectable()
export class SendWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SendWorker.name);
  private worker?: Worker<SendJobData, SendResult>;

  constructor(
    private readonly alimtalk: DeliveryService,
    private readonly failback: FailbackService,
    private readonly campaignBatches: CampaignBatchService,
    private readonly failures: SendFailureHandler,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<SendJobData, SendResult>(SEND_QUEUE, (job, token) => this.process(job, token), this.config, this.logger, {
      // The limiter is the queue's global one (set by RateLimitService, held in Redis), so
      // every worker process obeys the same budget and a runtime change reaches them all.
      concurrency: this.config.WORKER_CONCURRENCY,
      settings: { backoffStrategy: this.failures.backoff },
    });
    this.worker.on('failed', (job, error) => this.logger.warn({ msg: `send attempt failed: ${error.message}`, ...jobLogFields(job), attempt: job?.attemptsMade }));
  }

  private process(job: Job<SendJobData, SendResult>, token?: string): Promise<SendResult> {
    if (isCampaignBatch(job.data)) return this.campaignBatches.deliver(job as Job<CampaignBatchJobData>, token);
    const single = job as Job<MessageJobData>;
    return legOf(single) === 'failback' ? this.failback.deliver(single, token) : this.alimtalk.deliver(single, token);
  }

  beforeApplicationShutdown(): Promise<void> {
    this.campaignBatches.stopStarting();
    return closeGracefully(this.worker, this.config.WORKER_SHUTDOWN_GRACE_MS, this.logger);
  }
}
