import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { CAMPAIGN_QUEUE, type ExpandJobData } from '../../../libs/queue/src/index.js';
import { CampaignExpander, type ExpansionOutcome } from './campaign-expander.js';
import { closeGracefully, startWorker } from './managed-worker.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/** Several campaigns expand side by side; each has one job, so one campaign never expands twice at once. */
const CAMPAIGNS_AT_ONCE = 4;

@Injectable()
export class CampaignWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CampaignWorker.name);
  private worker?: Worker<ExpandJobData, ExpansionOutcome>;

  constructor(
    private readonly expander: CampaignExpander,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<ExpandJobData, ExpansionOutcome>(CAMPAIGN_QUEUE, (job, token) => this.expander.expand(job, token), this.config, this.logger, {
      concurrency: CAMPAIGNS_AT_ONCE,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`expansion of campaign ${job?.data.campaignId} failed: ${error.message}`));
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeGracefully(this.worker, this.config.WORKER_SHUTDOWN_GRACE_MS, this.logger);
  }
}
