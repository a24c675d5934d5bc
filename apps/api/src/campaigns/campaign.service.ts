import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import {
  CampaignRepository,
  RecipientStore,
  TemplateRepository,
  type Campaign,
  type CampaignMessageRef,
  type PendingBatch,
} from '../../../../libs/db/src/index.js';
import { placeholdersOf, type CampaignStatus } from '../../../../libs/domain/src/index.js';
import { CampaignExpansionQueue, SendQueue } from '../../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import type { CreateCampaignDto } from './campaign.dto.js';
import { ApiError } from '../errors/api-error.js';
import { campaignView, type CampaignView } from './campaign-view.js';
import { recipientsFrom, uploadFormatOf, UploadTally, type RowError } from './recipient-upload.js';

const PAGE = 5_000;
/** Batches per page of pause and resume: at CAMPAIGN_JOB_SIZE 100, as many rows as PAGE. */
const BATCH_PAGE = 50;
const SETTLE_POLL_MS = 100;

export interface UploadResult {
  received: number;
  stored: number;
  /** Valid rows already in the campaign (a re-uploaded page) or repeated in this upload. */
  duplicates: number;
  rejected: number;
  errors: RowError[];
  recipientCount: number;
}

/**
 * Campaign life cycle on the API side. Every status change is the repository's
 * conditional UPDATE first, then the queue work it implies, so a repeated or racing
 * call changes the campaign once and is told the status it found.
 */
@Injectable()
export class CampaignService {
  private readonly logger = new Logger(CampaignService.name);

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly recipients: RecipientStore,
    private readonly templates: TemplateRepository,
    private readonly sendQueue: SendQueue,
    private readonly expansionQueue: CampaignExpansionQueue,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async create(input: CreateCampaignDto): Promise<CampaignView> {
    const template = await this.templates.find(input.templateCode);
    if (!template) throw new ApiError(400, 'unknown_template', `template ${input.templateCode} is not registered`, 'templateCode');
    const campaign = await this.campaigns.create({
      id: uuidv7(),
      name: input.name,
      templateCode: template.code,
      variables: input.variables,
      scheduledAt: input.scheduledAt ?? null,
    });
    // The schedule is the row; this delayed job only wakes the expander at that time (the reconciler re-adds it if lost).
    if (campaign.scheduledAt) await this.expansionQueue.ensureExpander(campaign.id, campaign.scheduledAt.getTime() - Date.now());
    return campaignView(campaign, {});
  }

  async get(id: string): Promise<CampaignView> {
    const campaign = await this.mustFind(id);
    return campaignView(campaign, await this.campaigns.statusCounts(id));
  }

  async addRecipients(id: string, request: Readable, contentType: string | undefined): Promise<UploadResult> {
    const format = uploadFormatOf(contentType);
    const campaign = await this.mustFind(id);
    const template = await this.templates.find(campaign.templateCode);
    if (!template) throw new ApiError(409, 'template_gone', `template ${campaign.templateCode} is no longer registered`);
    const tally = new UploadTally();
    const rules = { placeholders: placeholdersOf(template.body), campaignVariables: campaign.variables };
    const result = await this.recipients.store(id, recipientsFrom(request, format, rules, tally, this.config.MAX_RECIPIENT_UPLOAD_JSON_BYTES));
    if (result.outcome === 'not-found') throw ApiError.notFound(`campaign ${id}`);
    if (result.outcome === 'closed') throw notAllowed('add recipients to', result.status);
    const valid = tally.received - tally.rejected;
    return {
      received: tally.received,
      stored: result.stored,
      duplicates: valid - result.stored,
      rejected: tally.rejected,
      errors: tally.errors,
      recipientCount: result.recipientCount,
    };
  }

  async start(id: string): Promise<CampaignView> {
    const campaign = await this.mustFind(id);
    if (campaign.recipientCount === 0) throw new ApiError(409, 'campaign_empty', 'add recipients before starting the campaign');
    const started = await this.campaigns.transition(id, 'running', ['draft', 'scheduled']);
    if (!started) throw notAllowed('start', (await this.mustFind(id)).status);
    // A scheduled campaign started early: its expander is the delayed job; run it now.
    await this.expansionQueue.startNow(id);
    return this.get(id);
  }

  /**
   * Stops sending: queued messages lose their jobs (batch jobs, and any job of a
   * message's own) and stay pending; the expander stops at its next tick.
   */
  async pause(id: string): Promise<CampaignView> {
    const paused = await this.campaigns.transition(id, 'paused');
    if (!paused) throw notAllowed('pause', (await this.mustFind(id)).status);
    await this.forEachPendingBatchPage(id, (batches) => this.sendQueue.unqueueBatches(batches.map((batch) => batch.sendBatchId)));
    await this.forEachPendingPage(id, {}, (messages) => this.sendQueue.unqueueMessages(messages.map((message) => message.id)));
    return this.get(id);
  }

  /** Queues the pending messages again, by batch where they have one, and restarts the expander. */
  async resume(id: string): Promise<CampaignView> {
    const resumed = await this.campaigns.transition(id, 'running', ['paused']);
    if (!resumed) throw notAllowed('resume', (await this.mustFind(id)).status);
    await this.forEachPendingBatchPage(id, (batches) => this.sendQueue.ensureCampaignBatches(batches));
    await this.forEachPendingPage(id, { unbatched: true }, (messages) => this.sendQueue.enqueueCampaignMessages(messages));
    await this.expansionQueue.ensureExpander(id);
    return this.get(id);
  }

  /**
   * Cancels what has not been sent. After the campaign is marked cancelled, every send
   * job of it that starts checks that first and sends nothing; pending rows become
   * cancelled and lose their jobs; and the answer waits for sends already past that
   * check to finish, so no message of the campaign reaches the vendor after it returns.
   */
  async cancel(id: string): Promise<CampaignView> {
    const cancelled = await this.campaigns.transition(id, 'cancelled');
    if (!cancelled) throw notAllowed('cancel', (await this.mustFind(id)).status);
    const { ids, sendBatchIds } = await this.campaigns.cancelPending(id);
    await this.sendQueue.unqueueBatches(sendBatchIds);
    await this.sendQueue.unqueueMessages(ids);
    await this.expansionQueue.removeExpander(id);
    const settled = await this.waitForActiveSends(id, this.config.CAMPAIGN_CANCEL_SETTLE_MS);
    if (!settled) this.logger.warn(`campaign ${id}: sends still running ${this.config.CAMPAIGN_CANCEL_SETTLE_MS} ms after cancel`);
    return this.get(id);
  }

  private async waitForActiveSends(id: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!(await this.sendQueue.hasActiveJobOf(id))) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  private async forEachPendingPage(id: string, options: { unbatched?: boolean }, action: (messages: CampaignMessageRef[]) => Promise<unknown>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const messages = await this.campaigns.pendingMessages(id, after, PAGE, options);
      if (messages.length === 0) return;
      await action(messages);
      after = messages.at(-1)!.id;
    }
  }

  private async forEachPendingBatchPage(id: string, action: (batches: PendingBatch[]) => Promise<unknown>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const batches = await this.campaigns.pendingBatches(id, after, BATCH_PAGE);
      if (batches.length === 0) return;
      await action(batches);
      after = batches.at(-1)!.sendBatchId;
    }
  }

  private async mustFind(id: string): Promise<Campaign> {
    const campaign = await this.campaigns.find(id);
    if (!campaign) throw ApiError.notFound(`campaign ${id}`);
    return campaign;
  }
}

function notAllowed(action: string, status: CampaignStatus): ApiError {
  return new ApiError(409, 'campaign_state', `cannot ${action} a campaign that is ${status}`);
}
