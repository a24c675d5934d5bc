import { Inject, Injectable, Logger } from '@nestjs/common';
import pLimit, { type LimitFunction } from 'p-limit';
import { validate as isUuid } from 'uuid';
import { delayJob, UnrecoverableError, type CampaignBatchJobData, type Job } from '../../../../libs/queue/src/index.js';
import { AlimtalkLeg, type DeliveryOutcome } from '../send/alimtalk-leg.js';
import { SendFailureHandler, type BatchFailureOutcome } from '../send/send-failure.handler.js';
import { VendorRateGate } from '../send/vendor-rate-gate.js';
import { CampaignSendGate, PAUSED_RECHECK_MS, type GateVerdict } from './campaign-send-gate.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/**
 * A message that waited this long for a rate slot since its campaign was last asked
 * asks again before it is sent: as long as a single job holds a wait before it is
 * turned back (and so asks again on its next run).
 */
const RECHECK_CAMPAIGN_AFTER_MS = 250;

export type BatchItemOutcome = DeliveryOutcome | BatchFailureOutcome;
/** What a batch job returns (Bull Board shows it): how many of its messages ended how. */
export type BatchSummary = Partial<Record<BatchItemOutcome, number>>;

/**
 * Sends a campaign batch job: every message goes through AlimtalkLeg.sendMessage
 * (campaign gate → claim → rate gate → vendor → sent), concurrently, so the shared
 * statements and bulk vendor calls of the MicroBatchers carry a batch in a few round
 * trips. Each message is settled on its own; one message's failure never fails or
 * repeats the batch:
 * - a vendor failure goes to SendFailureHandler.failInBatch (dead letter, or a retry
 *   job of the message's own, or a 429 pause and a job of its own);
 * - a message waits for its rate slot however long it takes, asking its campaign again
 *   every RECHECK_CAMPAIGN_AFTER_MS, so a pause or cancel stops it;
 * - a paused campaign stops the batch from starting more messages; once those in
 *   progress are settled the job delays itself and looks again later, when messages
 *   already sent are no longer claimable; a worker shutting down does the same, with
 *   no delay, so another worker takes the rest.
 * Only an error of Herald's own stores (database, Redis) fails the job, after the other
 * messages are settled; its retry, like a stalled job's re-run, finds the sent rows
 * unclaimable and the vendor deduplicates by ref, so nothing is sent twice.
 *
 * The messages of all batch jobs of this process share max(WORKER_CONCURRENCY,
 * CAMPAIGN_JOB_SIZE) places, taken in order: one batch goes out whole before the next,
 * so few rows wait claimed, and a batch job ends (freeing its worker slot for single
 * sends) at the pace of the rate budget.
 */
@Injectable()
export class CampaignBatchSender {
  private readonly logger = new Logger(CampaignBatchSender.name);
  private readonly places: LimitFunction;
  private stopping = false;

  constructor(
    private readonly alimtalk: AlimtalkLeg,
    private readonly campaignGate: CampaignSendGate,
    private readonly rateGate: VendorRateGate,
    private readonly failures: SendFailureHandler,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    this.places = pLimit(Math.max(config.WORKER_CONCURRENCY, config.CAMPAIGN_JOB_SIZE));
  }

  async deliver(job: Job<CampaignBatchJobData>, token?: string): Promise<BatchSummary> {
    const ids = job.data.notificationIds;
    const malformed = ids.find((id) => !isUuid(id));
    if (malformed !== undefined) throw new UnrecoverableError(`notification id ${JSON.stringify(malformed)} is not a UUID`);

    let paused = false;
    let heldBack = false;
    const settled = await Promise.allSettled(
      ids.map((id) =>
        this.places(async (): Promise<BatchItemOutcome | 'held-back'> => {
          if (paused || this.stopping) {
            heldBack = true;
            return 'held-back';
          }
          const outcome = await this.sendOne(id);
          if (outcome !== 'paused') return outcome;
          // 'paused' also means this process stopped it for shutdown before it was sent.
          if (!this.stopping) paused = true;
          heldBack = true;
          return 'held-back';
        }),
      ),
    );

    const summary: BatchSummary = {};
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value !== 'held-back') summary[result.value] = (summary[result.value] ?? 0) + 1;
    }
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      this.logger.warn({ msg: `campaign batch: ${JSON.stringify(summary)} settled; retrying the rest`, error: String(failed.reason) });
      throw failed.reason;
    }
    if (heldBack) {
      // The messages not sent run again with the job: later for a paused campaign, at once
      // (by another worker) for one this process stopped starting because it shuts down.
      const why = `campaign batch held back (${paused ? 'campaign paused' : 'worker stopping'}; ${JSON.stringify(summary)} settled)`;
      return delayJob(job, Date.now() + (paused ? PAUSED_RECHECK_MS : 0), token, why);
    }
    return summary;
  }

  /**
   * SIGTERM: messages not yet started, or still waiting for a rate slot, are left to
   * their batch's next run, so a batch job hands itself back as soon as its vendor calls
   * in progress are settled, instead of holding the shutdown for the rest of the batch
   * at the pace of the rate budget.
   */
  stopStarting(): void {
    this.stopping = true;
  }

  private async sendOne(id: string): Promise<BatchItemOutcome | 'paused'> {
    let askedAt = 0;
    const result = await this.alimtalk.sendMessage(id, {
      gate: async (): Promise<GateVerdict | 'paused'> => {
        // Shutting down: a message still waiting for its slot is left (claimed, which the
        // next run's claim accepts) to the batch's next run, like one not yet started.
        if (this.stopping) return 'paused';
        askedAt = Date.now();
        return this.campaignGate.verdict(id, 'alimtalk');
      },
      admit: () => this.rateGate.admitPatiently(() => !this.stopping && Date.now() - askedAt < RECHECK_CAMPAIGN_AFTER_MS),
    });
    if (result.outcome === 'vendor-failed') return this.failures.failInBatch(result.row, result.error);
    return result.outcome;
  }
}
