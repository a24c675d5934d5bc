import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CAMPAIGN_EXPANSION_QUEUE,
  QueueConsumer,
  type CampaignExpansionQueue,
  type ConsumerOptions,
  type Job,
  type JobDataOf,
} from '../../../../libs/queue/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { CampaignExpander, type ExpansionOutcome } from './campaign-expander.js';

/** Several campaigns expand side by side; each has one job, so one campaign never expands twice at once. */
const CAMPAIGNS_AT_ONCE = 4;

/** The campaign expansion queue's consumer: each job runs the expander of one campaign. */
@Injectable()
export class CampaignExpansionConsumer extends QueueConsumer<JobDataOf<CampaignExpansionQueue>, ExpansionOutcome> {
  protected readonly logger = new Logger(CampaignExpansionConsumer.name);

  constructor(
    private readonly expander: CampaignExpander,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    super(CAMPAIGN_EXPANSION_QUEUE, config);
  }

  protected options(): ConsumerOptions {
    return { concurrency: CAMPAIGNS_AT_ONCE };
  }

  protected process(job: Job<JobDataOf<CampaignExpansionQueue>, ExpansionOutcome>, token?: string): Promise<ExpansionOutcome> {
    return this.expander.expand(job, token);
  }

  protected override onFailed(job: Job<JobDataOf<CampaignExpansionQueue>> | undefined, error: Error): void {
    this.logger.warn(`expansion of campaign ${job?.data.campaignId} failed: ${error.message}`);
  }
}
