import { Inject, Injectable, Logger } from '@nestjs/common';
import { jobLogFields } from '../../../../libs/logging/src/index.js';
import {
  isCampaignBatch,
  legOf,
  QueueConsumer,
  sendShardNames,
  type CampaignBatchJobData,
  type ConsumerOptions,
  type Job,
  type JobDataOf,
  type MessageJobData,
  type SendQueue,
} from '../../../../libs/queue/src/index.js';
import { CampaignBatchSender, type BatchSummary } from '../campaigns/campaign-batch-sender.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { AlimtalkLeg, type DeliveryOutcome } from './alimtalk-leg.js';
import { FailbackLeg } from './failback-leg.js';
import { SendFailureHandler } from './send-failure.handler.js';

/** A single job's outcome, or a campaign batch's count of outcomes. */
type SendResult = DeliveryOutcome | BatchSummary;

/**
 * The send queue's consumer: routes each job to its leg (AlimTalk, failback) or, for a
 * campaign batch, to the batch sender. It consumes every shard of the send queue; the
 * vendor rate gate is one for all of them.
 */
@Injectable()
export class SendConsumer extends QueueConsumer<JobDataOf<SendQueue>, SendResult> {
  protected readonly logger = new Logger(SendConsumer.name);

  constructor(
    private readonly alimtalk: AlimtalkLeg,
    private readonly failback: FailbackLeg,
    private readonly campaignBatches: CampaignBatchSender,
    private readonly failures: SendFailureHandler,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    super(sendShardNames(config.SEND_QUEUE_SHARDS), config);
  }

  protected options(): ConsumerOptions {
    return { concurrency: this.config.WORKER_CONCURRENCY, backoff: this.failures.backoff };
  }

  protected process(job: Job<JobDataOf<SendQueue>, SendResult>, token?: string): Promise<SendResult> {
    if (isCampaignBatch(job.data)) return this.campaignBatches.deliver(job as Job<CampaignBatchJobData>, token);
    const single = job as Job<MessageJobData>;
    return legOf(single) === 'failback' ? this.failback.deliver(single, token) : this.alimtalk.deliver(single, token);
  }

  protected override onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ msg: `send attempt failed: ${error.message}`, ...jobLogFields(job), attempt: job?.attemptsMade });
  }

  /** Campaign batches stop starting messages first, so they hand themselves back quickly. */
  protected override beforeClose(): void {
    this.campaignBatches.stopStarting();
  }
}
