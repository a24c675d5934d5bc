import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import type { Notification } from '../../../../libs/db/src/index.js';
import { UnrecoverableError, type Job, type MessageJobData } from '../../../../libs/queue/src/index.js';
import type { VendorClient } from '../../../../libs/vendor/src/index.js';
import { CampaignSendGate, type GateVerdict } from '../campaigns/campaign-send-gate.js';
import { AlimtalkBulkSender } from './alimtalk-bulk-sender.js';
import { SendFailureHandler } from './send-failure.handler.js';
import { SendStatusWriter } from './send-status-writer.js';
import { SenderProfiles } from './sender-profiles.js';
import { EarlierAttempts } from './earlier-attempt.js';
import { VendorRateGate } from './vendor-rate-gate.js';
import { measureVendorCall, WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { VENDOR_CLIENT } from '../worker-config.js';

export type DeliveryOutcome = 'sent' | 'already-handled' | 'skipped' | 'cancelled';

/** One message's way through the AlimTalk leg, for a job of its own or as part of a batch. */
export type MessageResult =
  | { outcome: DeliveryOutcome }
  /** Its campaign is paused: nothing was sent; the caller's job waits. */
  | { outcome: 'paused' }
  /** The vendor call failed; the row (claimed, `sending`) waits for the caller's failure policy. */
  | { outcome: 'vendor-failed'; error: unknown; row: Notification };

/** How the caller runs the two steps that differ between a single job and a batch. */
export interface MessageSteps {
  /** Campaign messages: the campaign's verdict, asked before the claim, and again whenever `admit` gives up a turn. */
  gate?: () => Promise<GateVerdict | 'paused'>;
  /** Resolves true once the rate gate admits the send (it must start at once); false to ask the gate again. */
  admit: () => Promise<boolean>;
}

/**
 * The AlimTalk leg: claim the row, call the vendor, record the outcome. A single job's
 * failures go to the SendFailureHandler, which always rethrows, so BullMQ retries
 * exactly the transient ones; a campaign batch settles each message's own (see
 * CampaignBatchSender). Both run `sendMessage`.
 */
@Injectable()
export class AlimtalkLeg implements OnApplicationShutdown {
  private readonly logger = new Logger(AlimtalkLeg.name);

  constructor(
    private readonly statuses: SendStatusWriter,
    private readonly failures: SendFailureHandler,
    private readonly rateGate: VendorRateGate,
    private readonly campaignGate: CampaignSendGate,
    private readonly bulkSender: AlimtalkBulkSender,
    private readonly senderProfiles: SenderProfiles,
    private readonly earlierAttempts: EarlierAttempts,
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async deliver(job: Job<MessageJobData>, token?: string): Promise<DeliveryOutcome> {
    const id = job.data.notificationId;
    // Checked here so that one malformed id cannot fail the shared claim statement of other jobs.
    if (!isUuid(id)) throw new UnrecoverableError(`notification id ${JSON.stringify(id)} is not a UUID`);
    const result = await this.sendMessage(id, {
      // A paused campaign delays the job from inside check(), so it never answers 'paused'.
      gate: job.data.campaignId ? () => this.campaignGate.check(job, token, 'alimtalk') : undefined,
      // Turns the job back (RateLimitError) when the window is full for long.
      admit: async () => {
        await this.rateGate.admit();
        return true;
      },
    });
    if (result.outcome === 'vendor-failed') return this.failures.fail(job, { leg: 'alimtalk', channel: 'alimtalk' }, result.error);
    if (result.outcome === 'paused') throw new Error(`notification ${id}: paused outside the campaign gate`);
    return result.outcome;
  }

  /**
   * The per-message steps: campaign gate → conditional claim → rate gate → vendor →
   * `sent`. The conditional claim is the guard against double sends: a row already
   * past `sending` (sent, delivered, failed, dead, cancelled) is not claimed and is
   * left alone. Errors other than the vendor's (database, Redis) are thrown.
   */
  async sendMessage(id: string, steps: MessageSteps): Promise<MessageResult> {
    if (steps.gate) {
      const verdict = await steps.gate();
      if (verdict !== 'send') return { outcome: verdict };
    }
    const claim = await this.statuses.claim(id);
    if (!claim) throw new UnrecoverableError(`notification ${id} does not exist`);
    if (!claim.claimed) {
      this.logger.log(`notification ${id} is ${claim.row.status}; not sending again`);
      return { outcome: 'already-handled' };
    }
    const claimed = claim.row;
    if (claim.reclaimed) {
      // An earlier run claimed it and its outcome is unknown: the vendor may have it already.
      let earlier;
      try {
        earlier = await this.earlierAttempts.ofAlimtalk(id);
      } catch (error) {
        return { outcome: 'vendor-failed', error, row: claimed };
      }
      if (earlier.taken) {
        this.logger.log(`notification ${id}: the vendor took it on an earlier run; not sending again`);
        await this.statuses.move({ id, from: 'sending', to: 'sent', code: 'A000', vendorMsgKey: earlier.msgKey, countAttempt: true });
        return { outcome: 'sent' };
      }
    }

    // Admitted after the claim, right before the call, so the time between Herald counting
    // a send and the vendor counting it is as short and as steady as it can be. A message
    // that waited long for its slot asks its campaign again: it may have been paused or
    // cancelled meanwhile, and nothing may reach the vendor after a cancel returns.
    while (!(await steps.admit())) {
      if (!steps.gate) continue;
      const verdict = await steps.gate();
      if (verdict !== 'send') return { outcome: verdict };
    }
    let msgKey: string;
    try {
      const senderKey = await this.senderProfiles.senderKeyOf(claimed.tenantId);
      const accepted = await measureVendorCall(this.metrics, 'alimtalk', () =>
        this.bulkSender.send({
          senderKey,
          to: claimed.recipient,
          templateCode: claimed.templateCode,
          text: claimed.text,
          // Our id as the vendor's client reference: a re-sent job is deduplicated there.
          ref: claimed.id,
        }),
      );
      msgKey = accepted.msgKey;
    } catch (error) {
      return { outcome: 'vendor-failed', error, row: claimed };
    }

    // Not moved means the vendor's delivery report overtook this write; it is final already.
    await this.statuses.move({ id, from: 'sending', to: 'sent', code: 'A000', vendorMsgKey: msgKey, countAttempt: true });
    return { outcome: 'sent' };
  }

  /** Runs after the send worker has finished its active jobs (beforeApplicationShutdown). */
  onApplicationShutdown(): Promise<void> {
    return this.vendor.close();
  }
}
