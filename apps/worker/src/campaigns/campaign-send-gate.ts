import { Inject, Injectable, Logger } from '@nestjs/common';
import { MicroBatcher, unlessUnavailable } from '../../../../libs/common/src/index.js';
import { CampaignRepository, NotificationRepository, type SendGate } from '../../../../libs/db/src/index.js';
import type { SendLeg } from '../../../../libs/domain/src/index.js';
import { delayJob, type Job, type MessageJobData } from '../../../../libs/queue/src/index.js';
import { campaignGateDecision } from './campaign-gate-rule.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/** A paused campaign's message (or batch) that was already running looks again this often. */
export const PAUSED_RECHECK_MS = 5_000;

export type GateVerdict = 'send' | 'skipped' | 'cancelled';

/**
 * Asked right before a campaign message is sent (both legs): a cancelled campaign's
 * message is cancelled instead, a paused one's waits (the job is delayed, no attempt
 * spent), and a recipient suppressed since the expansion is skipped. This read is
 * what makes "nothing is sent after cancel returns" hold for messages that were
 * already queued, delayed for a retry, or due a failback. The reads of concurrent
 * jobs share one statement, like their claims.
 */
@Injectable()
export class CampaignSendGate {
  private readonly logger = new Logger(CampaignSendGate.name);
  private readonly reads: MicroBatcher<string, SendGate | undefined>;

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly notifications: NotificationRepository,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    this.reads = new MicroBatcher({
      maxSize: config.SEND_BATCH_SIZE,
      maxWaitMs: config.SEND_BATCH_WAIT_MS,
      maxInFlight: 2,
      splitWhen: unlessUnavailable,
      run: async (ids) => {
        const gates = await this.campaigns.sendGates([...new Set(ids)]);
        return ids.map((id) => gates.get(id));
      },
    });
  }

  /** For a single send job: a paused campaign's message waits (the job is delayed, no attempt spent). */
  async check(job: Job<MessageJobData>, token: string | undefined, leg: SendLeg): Promise<GateVerdict> {
    const id = job.data.notificationId;
    const verdict = await this.verdict(id, leg);
    if (verdict === 'paused') return delayJob(job, Date.now() + PAUSED_RECHECK_MS, token, `campaign of ${id} is paused`);
    return verdict;
  }

  /**
   * The campaign's word on one message (campaign-gate-rule.ts), with what it implies for
   * the row already done (cancelled or skipped). `paused` is left to the caller: a single
   * job delays itself, a batch job delays itself once its messages in progress are settled.
   */
  async verdict(id: string, leg: SendLeg): Promise<GateVerdict | 'paused'> {
    const gate = await this.reads.submit(id);
    const decision = campaignGateDecision(gate, leg);
    switch (decision.verdict) {
      case 'send':
      case 'paused':
        return decision.verdict;
      case 'cancelled':
        if (decision.moveRow) {
          await this.notifications.transition(id, { to: 'cancelled', from: ['pending', 'sending'], actor: 'worker', detail: 'campaign cancelled' });
        }
        this.logger.log(`notification ${id}: campaign cancelled, ${leg} not sent`);
        return 'cancelled';
      case 'skipped': {
        if (!decision.moveRow) return 'skipped';
        const skipped = await this.notifications.transition(id, {
          to: 'skipped',
          from: ['pending'],
          actor: 'worker',
          code: 'suppressed',
          detail: `recipient suppressed: ${gate?.suppressedFor}`,
        });
        return skipped ? 'skipped' : 'send';
      }
    }
  }
}
