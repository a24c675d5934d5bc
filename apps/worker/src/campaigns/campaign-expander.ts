import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CampaignRepository,
  TemplateRepository,
  type Campaign,
  type CampaignMessage,
  type MaterializedPage,
  type RecipientRow,
} from '../../../../libs/db/src/index.js';
import { campaignMessageId, renderCampaignMessage, type CampaignTemplate } from '../../../../libs/domain/src/index.js';
import { delayJob, SendQueue, UnrecoverableError, type ExpandJobData, type Job } from '../../../../libs/queue/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

export type ExpansionOutcome = 'completed' | 'stopped';

/**
 * Expands a running campaign into send jobs in stages. Each tick it tops the
 * campaign's in-flight messages (pending or sending) up to CAMPAIGN_WINDOW: a page
 * of recipients after the cursor becomes notification rows in one transaction that
 * also moves the cursor, each run of CAMPAIGN_JOB_SIZE pending rows sharing a
 * send_batch_id, then one addBulk of batch jobs (jobId = batch-<send_batch_id>; with
 * CAMPAIGN_JOB_SIZE 1, one job per message with jobId = notification id). A crash
 * between the two leaves pending rows without jobs, which the reconciler enqueues;
 * a repeated tick finds the cursor already moved. Then the job delays itself until
 * the next tick, and when every message is settled it marks the campaign completed.
 */
@Injectable()
export class CampaignExpander {
  private readonly logger = new Logger(CampaignExpander.name);

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly templates: TemplateRepository,
    private readonly sendQueue: SendQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async expand(job: Job<ExpandJobData>, token?: string): Promise<ExpansionOutcome> {
    const campaign = await this.startIfDue(job.data.campaignId, job, token);
    if (campaign.status !== 'running') return 'stopped';

    let inFlight = await this.campaigns.countInFlight(campaign.id);
    let made = campaign.expandedCount;
    let expanded = campaign.expandedAt !== null;
    if (!expanded && inFlight < this.config.CAMPAIGN_WINDOW) {
      const filled = await this.fillWindow(campaign, this.config.CAMPAIGN_WINDOW - inFlight);
      if (filled === 'not-running') return 'stopped';
      inFlight += filled.queued;
      made += filled.made;
      expanded = filled.exhausted;
    }

    await this.campaigns.recordProgress(campaign.id, made - inFlight);
    if (expanded && inFlight === 0) {
      await this.campaigns.transition(campaign.id, 'completed');
      this.logger.log(`campaign ${campaign.id} completed: ${made} messages`);
      return 'completed';
    }
    return delayJob(job, Date.now() + this.config.CAMPAIGN_TICK_MS, token);
  }

  /** A scheduled campaign starts when its job comes due; one whose schedule moved later waits again. */
  private async startIfDue(campaignId: string, job: Job<ExpandJobData>, token?: string): Promise<Campaign> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) throw new UnrecoverableError(`campaign ${campaignId} does not exist`);
    if (campaign.status !== 'scheduled') return campaign;
    if (campaign.scheduledAt && campaign.scheduledAt.getTime() > Date.now()) {
      return delayJob(job, campaign.scheduledAt.getTime(), token);
    }
    return (await this.campaigns.transition(campaignId, 'running')) ?? (await this.campaigns.find(campaignId))!;
  }

  /**
   * Materializes pages until `room` messages are queued or the recipients run out. The
   * next page's statement runs while this page's addBulk does: Postgres and Redis work
   * side by side instead of in turn.
   */
  private async fillWindow(campaign: Campaign, room: number): Promise<{ queued: number; made: number; exhausted: boolean } | 'not-running'> {
    const template = await this.templates.find(campaign.tenantId, campaign.templateCode);
    if (!template) throw new UnrecoverableError(`template ${campaign.templateCode} of campaign ${campaign.id} is gone`);
    const materialize = (limit: number) =>
      this.campaigns.materializePage(
        campaign.id,
        Math.min(this.config.CAMPAIGN_PAGE_SIZE, limit),
        (recipient) => toMessage(template, campaign, recipient),
        this.config.CAMPAIGN_JOB_SIZE,
      );

    let queued = 0;
    let made = 0;
    let next: Promise<MaterializedPage | 'not-running'> | undefined = materialize(room);
    while (next) {
      const page: MaterializedPage | 'not-running' = await next;
      if (page === 'not-running') return 'not-running';
      queued += page.pending.length;
      made += page.pending.length + page.skipped;
      next = !page.exhausted && queued < room ? materialize(room - queued) : undefined;
      // If the enqueue fails, the next page's rows are still made; the reconciler queues both.
      next?.catch(() => undefined);
      await this.sendQueue.enqueueCampaignMessages(page.pending);
      if (page.exhausted) return { queued, made, exhausted: true };
    }
    return { queued, made, exhausted: false };
  }
}

function toMessage(template: CampaignTemplate, campaign: Campaign, recipient: RecipientRow): CampaignMessage {
  const rendered = renderCampaignMessage(template, campaign.variables, recipient.variables);
  // The id comes from (campaign, recipient): a page made twice makes no message twice.
  const base = { id: campaignMessageId(campaign.id, Number(recipient.seq)), recipient: recipient.recipient, variables: rendered.variables };
  if (!rendered.ok) {
    return { ...base, text: '', failbackText: null, failbackTitle: null, failbackChannel: null, status: 'skipped', detail: rendered.reason };
  }
  return {
    ...base,
    text: rendered.text,
    failbackText: rendered.failback?.text ?? null,
    failbackTitle: rendered.failback?.title ?? null,
    failbackChannel: rendered.failback?.channel ?? null,
    status: recipient.suppressedFor ? 'skipped' : 'pending',
    detail: recipient.suppressedFor ? `recipient suppressed: ${recipient.suppressedFor}` : null,
  };
}
