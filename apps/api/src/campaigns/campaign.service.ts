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
import type { CreateCampaignDto, UploadResult } from './campaign.dto.js';
import { ApiError } from '../errors/api-error.js';
import { campaignView, type CampaignView } from './campaign-view.js';
import { recipientsFrom, uploadFormatOf, UploadTally } from './recipient-upload.js';
import type { CallerTenant } from '../auth/credential.js';
import { DailyQuotaGate } from '../tenants/daily-quota.gate.js';

const PAGE = 5_000;
/** Batches per page of pause and resume: at CAMPAIGN_JOB_SIZE 100, as many rows as PAGE. */
const BATCH_PAGE = 50;
const SETTLE_POLL_MS = 100;

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
    private readonly quota: DailyQuotaGate,
  ) {}

  async create(tenantId: string, input: CreateCampaignDto): Promise<CampaignView> {
    const template = await this.templates.find(tenantId, input.templateCode);
    if (!template) throw new ApiError(400, 'unknown_template', `template ${input.templateCode} is not registered`, 'templateCode');
    const campaign = await this.campaigns.create({
      id: uuidv7(),
      tenantId,
      name: input.name,
      templateCode: template.code,
      variables: input.variables,
      scheduledAt: input.scheduledAt ?? null,
    });
    // The schedule is the row; this delayed job only wakes the expander at that time (the reconciler re-adds it if lost).
    if (campaign.scheduledAt) await this.expansionQueue.ensureExpander(campaign.id, campaign.scheduledAt.getTime() - Date.now());
    return campaignView(campaign, {});
  }

  /** Another tenant's campaign is not found, here and in every action below. */
  async get(tenantId: string, id: string): Promise<CampaignView> {
    const campaign = await this.mustFind(tenantId, id);
    return campaignView(campaign, await this.campaigns.statusCounts(id));
  }

  async addRecipients(tenantId: string, id: string, request: Readable, contentType: string | undefined): Promise<UploadResult> {
    const format = uploadFormatOf(contentType);
    const campaign = await this.mustFind(tenantId, id);
    const template = await this.templates.find(tenantId, campaign.templateCode);
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

  /** Its recipients count against the tenant's daily quota, all at once, when it starts. */
  async start(tenant: CallerTenant, id: string): Promise<CampaignView> {
    const campaign = await this.mustFind(tenant.id, id);
    if (campaign.recipientCount === 0) throw new ApiError(409, 'campaign_empty', 'add recipients before starting the campaign');
    const started = await this.quota.spendFor(tenant, campaign.recipientCount, async () => {
      const moved = await this.campaigns.transition(id, 'running', ['draft', 'scheduled']);
      // Not started: give the quota back (the gate refunds what throws).
      if (!moved) throw notAllowed('start', (await this.mustFind(tenant.id, id)).status);
      return moved;
    });
    // A scheduled campaign started early: its expander is the delayed job; run it now.
    await this.expansionQueue.startNow(started.id);
    return this.get(tenant.id, id);
  }

  /**
   * Stops sending: queued messages lose their jobs (batch jobs, and any job of a
   * message's own) and stay pending; the expander stops at its next tick.
   */
  async pause(tenantId: string, id: string): Promise<CampaignView> {
    await this.mustFind(tenantId, id);
    const paused = await this.campaigns.transition(id, 'paused');
    if (!paused) throw notAllowed('pause', (await this.mustFind(tenantId, id)).status);
    await this.forEachPendingBatchPage(id, (batches) => this.sendQueue.unqueueBatches(batches.map((batch) => batch.sendBatchId)));
    await this.forEachPendingPage(id, {}, (messages) => this.sendQueue.unqueueMessages(messages.map((message) => message.id)));
    return this.get(tenantId, id);
  }

  /** Queues the pending messages again, by batch where they have one, and restarts the expander. */
  async resume(tenantId: string, id: string): Promise<CampaignView> {
    await this.mustFind(tenantId, id);
    const resumed = await this.campaigns.transition(id, 'running', ['paused']);
    if (!resumed) throw notAllowed('resume', (await this.mustFind(tenantId, id)).status);
    await this.forEachPendingBatchPage(id, (batches) => this.sendQueue.ensureCampaignBatches(batches));
    await this.forEachPendingPage(id, { unbatched: true }, (messages) => this.sendQueue.enqueueCampaignMessages(messages));
    await this.expansionQueue.ensureExpander(id);
    return this.get(tenantId, id);
  }

  /**
   * Cancels what has not been sent. After the campaign is marked cancelled, every send
   * job of it that starts checks that first and sends nothing; pending rows become
   * cancelled and lose their jobs; and the answer waits for sends already past that
   * check to finish, so no message of the campaign reaches the vendor after it returns.
   */
  async cancel(tenantId: string, id: string): Promise<CampaignView> {
    await this.mustFind(tenantId, id);
    const cancelled = await this.campaigns.transition(id, 'cancelled');
    if (!cancelled) throw notAllowed('cancel', (await this.mustFind(tenantId, id)).status);
    const { ids, sendBatchIds } = await this.campaigns.cancelPending(id);
    await this.sendQueue.unqueueBatches(sendBatchIds);
    await this.sendQueue.unqueueMessages(ids);
    await this.expansionQueue.removeExpander(id);
    const settled = await this.waitForActiveSends(id, this.config.CAMPAIGN_CANCEL_SETTLE_MS);
    if (!settled) this.logger.warn(`campaign ${id}: sends still running ${this.config.CAMPAIGN_CANCEL_SETTLE_MS} ms after cancel`);
    return this.get(tenantId, id);
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

  private async mustFind(tenantId: string, id: string): Promise<Campaign> {
    const campaign = await this.campaigns.find(id, tenantId);
    if (!campaign) throw ApiError.notFound(`campaign ${id}`);
    return campaign;
  }
}

function notAllowed(action: string, status: CampaignStatus): ApiError {
  return new ApiError(409, 'campaign_state', `cannot ${action} a campaign that is ${status}`);
}
