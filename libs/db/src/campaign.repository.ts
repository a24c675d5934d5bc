import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { campaignMessageFloor, campaignSourcesFor, type CampaignStatus, type FailbackChannel, type NotificationStatus } from '../../domain/src/index.js';
import type { Database } from './database.js';
import { campaigns } from './schema.js';
import { suppressionReason } from './suppression.repository.js';

export type Campaign = typeof campaigns.$inferSelect;
export type NewCampaign = Pick<Campaign, 'id' | 'tenantId' | 'name' | 'templateCode' | 'variables' | 'scheduledAt'>;

/** A recipient as the expander reads it: its suppression, if any, comes along. */
export type RecipientRow = {
  seq: number;
  recipient: string;
  variables: Record<string, string> | null;
  suppressedFor: string | null;
};

/** One notification the expander makes from a recipient; `skipped` ones are never queued. */
export interface CampaignMessage {
  id: string;
  recipient: string;
  variables: Record<string, string>;
  text: string;
  failbackText: string | null;
  failbackTitle: string | null;
  failbackChannel: FailbackChannel | null;
  status: 'pending' | 'skipped';
  detail: string | null;
}

/** A made message as its send job needs it. */
export type CampaignMessageRef = {
  id: string;
  tenantId: string;
  recipient: string;
  templateCode: string;
  campaignId: string;
  /** The batch job carrying it (`batch-<id>`); null: a job of its own. */
  sendBatchId: string | null;
};

/** The pending messages of one send batch: what its batch job must (still) send. */
export type PendingBatch = {
  sendBatchId: string;
  campaignId: string;
  tenantId: string;
  notificationIds: string[];
  templateCode: string;
};

export interface MaterializedPage {
  /** Rows made `pending` in this page: the ones to enqueue. */
  pending: CampaignMessageRef[];
  skipped: number;
  /** No recipient is left after this page. */
  exhausted: boolean;
}

/** What a send job needs to know about its campaign before it calls the vendor. */
export type SendGate = {
  campaignStatus: CampaignStatus;
  rowStatus: NotificationStatus;
  suppressedFor: string | null;
};

export type StatusCounts = Partial<Record<NotificationStatus, number>>;

/**
 * Campaigns and the notifications they expand into. Status changes are conditional
 * UPDATEs (WHERE status is a legal source), like notifications'. The expansion of a
 * page and the advance of its cursor commit together, under a row lock on the
 * campaign, so a repeated or concurrent expansion cannot make a recipient's message
 * twice (and its message id, derived from (campaign, recipient seq), would refuse it anyway).
 */
export class CampaignRepository {
  constructor(private readonly db: Database) {}

  async create(input: NewCampaign): Promise<Campaign> {
    const [row] = await this.db
      .insert(campaigns)
      .values({ ...input, status: input.scheduledAt ? 'scheduled' : 'draft' })
      .returning();
    return row!;
  }

  /** With `tenantId`, another tenant's campaign is not found (a producer's lookup). */
  async find(id: string, tenantId?: string): Promise<Campaign | undefined> {
    const [row] = await this.db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, id), tenantId === undefined ? undefined : eq(campaigns.tenantId, tenantId)))
      .limit(1);
    return row;
  }

  /**
   * Moves the campaign if its status allows (and is one of `from`, when given: start
   * and resume both enter `running`, from different places); undefined when it does not.
   */
  async transition(id: string, to: CampaignStatus, from?: CampaignStatus[]): Promise<Campaign | undefined> {
    const sources = campaignSourcesFor(to).filter((status) => !from || from.includes(status));
    const [row] = await this.db
      .update(campaigns)
      .set({
        status: to,
        startedAt: to === 'running' ? sql`coalesce(${campaigns.startedAt}, now())` : undefined,
        finishedAt: to === 'completed' || to === 'cancelled' ? sql`now()` : undefined,
        updatedAt: sql`now()`,
      })
      .where(and(eq(campaigns.id, id), inArray(campaigns.status, sources)))
      .returning();
    return row;
  }

  /**
   * Turns the next recipients after the cursor into notifications, in one
   * transaction that also advances the cursor. `render` makes each message (text,
   * failback, or the reason it is skipped); it must not do I/O. Each run of `jobSize`
   * pending messages shares a send_batch_id (none when jobSize is 1).
   */
  async materializePage(
    campaignId: string,
    limit: number,
    render: (recipient: RecipientRow) => CampaignMessage,
    jobSize: number,
  ): Promise<MaterializedPage | 'not-running'> {
    return this.db.transaction(async (tx) => {
      const locked = await tx.execute<{ status: CampaignStatus; expanded_through: string; template_code: string; tenant_id: string }>(sql`
        select status, expanded_through, template_code, tenant_id from campaigns where id = ${campaignId} for update`);
      const campaign = locked.rows[0];
      if (campaign?.status !== 'running') return 'not-running';

      const page = await tx.execute<RecipientRow>(sql`
        select r.seq, r.recipient, r.variables, ${suppressionReason(sql`${campaign.tenant_id}`, sql`r.recipient`)} as "suppressedFor"
        from campaign_recipients r
        where r.campaign_id = ${campaignId} and r.seq > ${campaign.expanded_through}
        order by r.seq limit ${limit}`);
      if (page.rows.length === 0) {
        await tx.execute(sql`update campaigns set expanded_at = coalesce(expanded_at, now()) where id = ${campaignId}`);
        return { pending: [], skipped: 0, exhausted: true };
      }

      const messages = page.rows.map(render);
      const batchIds = sendBatchIds(messages, jobSize);
      const column = <K extends keyof CampaignMessage>(key: K) => sql.param(messages.map((message) => message[key]));
      const inserted = await tx.execute<CampaignMessageRef & { status: 'pending' | 'skipped' }>(sql`
        with input as (
          select * from unnest(
            ${column('id')}::uuid[], ${column('recipient')}::text[], ${sql.param(messages.map((m) => JSON.stringify(m.variables)))}::jsonb[],
            ${column('text')}::text[], ${column('failbackText')}::text[], ${column('failbackTitle')}::text[],
            ${column('failbackChannel')}::text[], ${column('status')}::notification_status[], ${column('detail')}::text[],
            ${sql.param(batchIds)}::uuid[]
          ) as v(id, recipient, variables, text, failback_text, failback_title, failback_channel, status, detail, send_batch_id)
        ), n as (
          insert into notifications (id, tenant_id, campaign_id, recipient, template_code, variables, text,
                                     failback_text, failback_title, failback_channel, status, last_error, send_batch_id)
          select v.id, ${campaign.tenant_id}, ${campaignId}, v.recipient, ${campaign.template_code}, v.variables, v.text,
                 v.failback_text, v.failback_title, v.failback_channel, v.status, v.detail, v.send_batch_id
          from input v
          on conflict (id) do nothing
          returning id, tenant_id, status, last_error, recipient, template_code, campaign_id, send_batch_id
        ), event as (
          -- A pending campaign row needs no creation event: its campaign_id and created_at
          -- record how it came to be, and at 420k rows the event is a third of the write.
          -- A row made skipped gets one, with the reason.
          insert into notification_events (notification_id, to_status, actor, detail)
          select id, status, 'campaign', last_error from n where status <> 'pending'
        )
        select id, tenant_id as "tenantId", status, recipient, template_code as "templateCode", campaign_id as "campaignId", send_batch_id as "sendBatchId" from n`);

      const lastSeq = page.rows[page.rows.length - 1]!.seq;
      await tx.execute(sql`
        update campaigns set expanded_through = ${lastSeq}, expanded_count = expanded_count + ${inserted.rows.length},
               expanded_at = case when ${page.rows.length < limit} then now() else expanded_at end, updated_at = now()
        where id = ${campaignId}`);
      return {
        pending: inserted.rows.filter((row) => row.status === 'pending').map(({ status: _status, ...message }) => message),
        skipped: inserted.rows.filter((row) => row.status === 'skipped').length,
        exhausted: page.rows.length < limit,
      };
    });
  }

  /** Messages made but not yet settled with the vendor: what the expander keeps below its window. */
  async countInFlight(campaignId: string): Promise<number> {
    const result = await this.db.execute<{ count: string }>(sql`
      select count(*) from notifications where campaign_id = ${campaignId} and ${sinceCampaign(campaignId)} and status in ('pending', 'sending')`);
    return Number(result.rows[0]!.count);
  }

  async statusCounts(campaignId: string): Promise<StatusCounts> {
    const result = await this.db.execute<{ status: NotificationStatus; count: string }>(sql`
      select status, count(*) from notifications where campaign_id = ${campaignId} and ${sinceCampaign(campaignId)} group by status`);
    return Object.fromEntries(result.rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Stores a progress sample; the rate is smoothed so one slow tick does not swing the ETA. */
  async recordProgress(campaignId: string, done: number): Promise<void> {
    // Samples closer than 200 ms apart are skipped: over so short a span the rate is noise.
    await this.db.execute(sql`
      update campaigns set
        send_rate = case when progress_at is null then 0
          else 0.3 * greatest(${done} - progress_done, 0) / extract(epoch from now() - progress_at) + 0.7 * send_rate end,
        progress_done = ${done},
        progress_at = now()
      where id = ${campaignId} and (progress_at is null or now() - progress_at >= interval '200 milliseconds')`);
  }

  /** Cancels every message of the campaign still waiting to be sent; returns their ids and batch ids. */
  async cancelPending(campaignId: string): Promise<{ ids: string[]; sendBatchIds: string[] }> {
    const result = await this.db.execute<{ id: string; sendBatchId: string | null }>(sql`
      with n as (
        update notifications set status = 'cancelled', updated_at = now()
        where campaign_id = ${campaignId} and ${sinceCampaign(campaignId)} and status = 'pending'
        returning id, send_batch_id
      ), event as (
        insert into notification_events (notification_id, from_status, to_status, actor)
        select id, 'pending', 'cancelled', 'operator' from n
      )
      select id, send_batch_id as "sendBatchId" from n`);
    const sendBatchIds = new Set<string>();
    for (const row of result.rows) if (row.sendBatchId) sendBatchIds.add(row.sendBatchId);
    return { ids: result.rows.map((row) => row.id), sendBatchIds: [...sendBatchIds] };
  }

  /**
   * Pending messages of the campaign after `after` (keyset on id): unqueued on pause;
   * with `unbatched`, only those without a batch job, which resume queues one by one.
   */
  async pendingMessages(campaignId: string, after: string | null, limit: number, options: { unbatched?: boolean } = {}): Promise<CampaignMessageRef[]> {
    const result = await this.db.execute<CampaignMessageRef>(sql`
      select id, tenant_id as "tenantId", recipient, template_code as "templateCode", campaign_id as "campaignId", send_batch_id as "sendBatchId" from notifications
      where campaign_id = ${campaignId} and ${sinceCampaign(campaignId)} and status = 'pending' and id > ${after ?? '00000000-0000-0000-0000-000000000000'}
        ${options.unbatched ? sql`and send_batch_id is null` : sql``}
      order by id limit ${limit}`);
    return result.rows;
  }

  /** The campaign's pending messages by batch, batches after `after` (keyset on batch id): what resume re-queues and pause takes back. */
  async pendingBatches(campaignId: string, after: string | null, limit: number): Promise<PendingBatch[]> {
    const result = await this.db.execute<PendingBatch>(sql`
      select send_batch_id as "sendBatchId", ${campaignId}::text as "campaignId", min(tenant_id) as "tenantId",
             array_agg(id::text order by id) as "notificationIds", min(template_code) as "templateCode"
      from notifications
      where campaign_id = ${campaignId} and ${sinceCampaign(campaignId)} and status = 'pending' and send_batch_id is not null
        and send_batch_id > ${after ?? '00000000-0000-0000-0000-000000000000'}
      group by send_batch_id order by send_batch_id limit ${limit}`);
    return result.rows;
  }

  /** Campaigns whose expander must exist: due schedules and running campaigns. The reconciler's view. */
  async needingExpander(limit: number): Promise<string[]> {
    const result = await this.db.execute<{ id: string }>(sql`
      select id from campaigns
      where status = 'running' or (status = 'scheduled' and scheduled_at <= now())
      order by updated_at limit ${limit}`);
    return result.rows.map((row) => row.id);
  }

  /**
   * One read before campaign messages are sent: is each one's campaign still on, is
   * its recipient suppressed? Keyed by notification id; rows of no campaign are absent.
   */
  async sendGates(notificationIds: string[]): Promise<Map<string, SendGate>> {
    const result = await this.db.execute<SendGate & { id: string }>(sql`
      select n.id, c.status as "campaignStatus", n.status as "rowStatus", ${suppressionReason(sql`n.tenant_id`, sql`n.recipient`)} as "suppressedFor"
      from notifications n
      join campaigns c on c.id = n.campaign_id
      where n.id = any(${sql.param(notificationIds)}::uuid[])`);
    return new Map(result.rows.map(({ id, ...gate }) => [id, gate]));
  }
}

/**
 * Messages of a campaign are never older than it (their ids carry their creation time,
 * and a campaign's own, campaign-message-id.ts): this keeps a campaign's queries off the
 * week partitions before it. Also true of messages made before migration 0007.
 */
const sinceCampaign = (campaignId: string) => sql`id >= ${campaignMessageFloor(campaignId)}::uuid`;

/**
 * One batch id per run of up to `jobSize` pending messages of a page, in order; none
 * when each message travels alone (jobSize 1) and for messages made skipped.
 */
function sendBatchIds(messages: CampaignMessage[], jobSize: number): Array<string | null> {
  let current: string | null = null;
  let filled = 0;
  return messages.map((message) => {
    if (jobSize <= 1 || message.status !== 'pending') return null;
    if (current === null || filled === jobSize) {
      current = randomUUID();
      filled = 0;
    }
    filled += 1;
    return current;
  });
}
