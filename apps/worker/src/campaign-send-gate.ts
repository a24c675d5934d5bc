import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { MicroBatcher } from '../../../libs/common/src/index.js';
import { CampaignRepository, NotificationRepository, type SendGate } from '../../../libs/db/src/index.js';
import type { SendJobData } from '../../../libs/queue/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/** A paused campaign's message that was already running looks again this often. */
const PAUSED_RECHECK_MS = 5_000;

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
      run: async (ids) => {
        const gates = await this.campaigns.sendGates([...new Set(ids)]);
        return ids.map((id) => gates.get(id));
      },
    });
  }

  async check(job: Job<SendJobData>, token: string | undefined, leg: 'alimtalk' | 'failback'): Promise<GateVerdict> {
    const id = job.data.notificationId;
    const gate = await this.reads.submit(id);
    if (!gate) return 'send';
    if (gate.campaignStatus === 'paused') {
      await job.moveToDelayed(Date.now() + PAUSED_RECHECK_MS, token);
      throw new DelayedError(`campaign of ${id} is paused`);
    }
    if (gate.campaignStatus === 'cancelled') {
      // The failback leg starts from `failed`, which has no move to cancelled: it just stays failed.
      if (leg === 'alimtalk') {
        await this.notifications.transition(id, { to: 'cancelled', from: ['pending', 'sending'], actor: 'worker', detail: 'campaign cancelled' });
      }
      this.logger.log(`notification ${id}: campaign cancelled, ${leg} not sent`);
      return 'cancelled';
    }
    if (gate.suppressedFor && leg === 'failback') return 'skipped';
    if (gate.suppressedFor && gate.rowStatus === 'pending') {
      const skipped = await this.notifications.transition(id, {
        to: 'skipped',
        from: ['pending'],
        actor: 'worker',
        code: 'suppressed',
        detail: `recipient suppressed: ${gate.suppressedFor}`,
      });
      if (skipped) return 'skipped';
    }
    return 'send';
  }
}
