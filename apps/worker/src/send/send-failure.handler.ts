import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadLetters } from '../../../../libs/dead-letters/src/index.js';
import { NotificationRepository, type Notification } from '../../../../libs/db/src/index.js';
import { maskPhonesIn, retryDelayMs, type Channel, type SendLeg } from '../../../../libs/domain/src/index.js';
import { rateLimitedError, rateLimitedStarts, SendQueue, UnrecoverableError, type Job, type MessageJobData } from '../../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { decideOnFailure, describeFailure, type Failure } from './send-failure-policy.js';
import { VendorRateGate } from './vendor-rate-gate.js';

/** What became of a campaign batch's message whose vendor call failed. */
export type BatchFailureOutcome = 'dead' | 'retrying' | 'rate-limited';

/** Which send failed: its leg (which row status it holds) and the channel it went by (metrics). */
export interface FailedSend {
  leg: SendLeg;
  channel: Channel;
}

/** The status a row has while each leg's vendor call is in progress. */
const IN_FLIGHT_STATUS = { alimtalk: 'sending', failback: 'failed' } as const;

/**
 * Carries out the send failure policy (send-failure-policy.ts) after a vendor call
 * failed. For a job of its own it always throws: a failed send must never look like a
 * completed job, and BullMQ retries exactly the transient failures.
 */
@Injectable()
export class SendFailureHandler {
  private readonly logger = new Logger(SendFailureHandler.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
    private readonly rateGate: VendorRateGate,
    private readonly sendQueue: SendQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async fail(job: Job<MessageJobData>, send: FailedSend, error: unknown): Promise<never> {
    const id = job.data.notificationId;
    const failure = describeFailure(error);
    const rateLimited = failure.class === 'rate_limited';
    const mayWaitOutRateLimit = rateLimitedStarts(job) <= this.config.MAX_RATE_LIMITED_STARTS;
    // A 429 that may no longer be waited out is still counted as one.
    if (rateLimited && !mayWaitOutRateLimit) this.metrics.vendorRateLimited.inc();
    const decision = decideOnFailure(failure, {
      attemptsMade: job.attemptsMade,
      attemptsAllowed: job.opts.attempts ?? 1,
      mayWaitOutRateLimit,
    });
    switch (decision.action) {
      case 'wait-out-rate-limit':
        await this.rateGate.pauseForVendor(failure.retryAfterMs);
        throw rateLimitedError();
      case 'bury':
        await this.bury(id, send.leg, failure, decision.classification);
        throw new UnrecoverableError(`${decision.classification} ${failure.code}: ${failure.message}`);
      case 'retry': {
        const delay = retryDelayMs(decision.nextAttempt, this.retryPolicy(), job.id ?? id);
        await this.recordRetry(id, send, failure, delay);
        // Bull Board shows the job's data: the operator sees why it is being retried.
        await job.updateData({ ...job.data, lastError: maskPhonesIn(`${failure.code}: ${failure.message}`) });
        throw error;
      }
    }
  }

  /**
   * The same policy for one message of a campaign batch job, without failing the batch
   * (its other messages may be sent already): permanent → dead letter; transient →
   * recorded, and retried by a job of its own (jobId = notification id) after the
   * backoff of attempt 1, with the rest of the SEND_ATTEMPTS budget; a 429 → the queue
   * pauses and the message gets a job of its own after the pause, no attempt spent.
   * The row stays `sending` for that job, which claims it from there.
   */
  async failInBatch(row: Notification, error: unknown): Promise<BatchFailureOutcome> {
    const failure = describeFailure(error);
    const target = { id: row.id, recipient: row.recipient, templateCode: row.templateCode, campaignId: row.campaignId };
    const decision = decideOnFailure(failure, { attemptsMade: 0, attemptsAllowed: this.config.SEND_ATTEMPTS, mayWaitOutRateLimit: true });
    switch (decision.action) {
      case 'wait-out-rate-limit': {
        const pauseMs = await this.rateGate.pauseForVendor(failure.retryAfterMs);
        await this.handOver(target, { attempts: this.config.SEND_ATTEMPTS, delay: pauseMs });
        return 'rate-limited';
      }
      case 'bury':
        await this.bury(row.id, 'alimtalk', failure, decision.classification);
        return 'dead';
      case 'retry': {
        const delay = retryDelayMs(decision.nextAttempt, this.retryPolicy(), row.id);
        await this.recordRetry(row.id, { leg: 'alimtalk', channel: 'alimtalk' }, failure, delay);
        await this.handOver(target, { attempts: this.config.SEND_ATTEMPTS - decision.nextAttempt, delay });
        return 'retrying';
      }
    }
  }

  private async handOver(target: Parameters<SendQueue['handOverCampaignMessage']>[0], policy: { attempts: number; delay: number }): Promise<void> {
    await this.sendQueue.handOverCampaignMessage(target, policy);
    this.logger.log(`notification ${target.id}: retried by a job of its own`);
  }

  private async bury(id: string, leg: SendLeg, failure: Failure, classification: 'permanent' | 'transient'): Promise<void> {
    await this.deadLetters.bury(id, [IN_FLIGHT_STATUS[leg]], { leg, classification, code: failure.code, error: failure.message }, 'worker', true);
  }

  private async recordRetry(id: string, send: FailedSend, failure: Failure, delay: number): Promise<void> {
    this.metrics.retries.inc({ channel: send.channel, code: failure.code });
    await this.notifications.recordAttemptError(id, 'worker', {
      code: failure.code,
      detail: `${failure.class} (${send.leg}): ${failure.message}`,
      nextAttemptAt: new Date(Date.now() + delay),
    });
  }

  /** BullMQ's backoffStrategy: the same delay that fail() recorded as the next attempt. */
  backoff = (attemptsMade: number, _type?: string, _error?: Error, job?: { id?: string }): number =>
    retryDelayMs(attemptsMade, this.retryPolicy(), job?.id ?? '');

  private retryPolicy() {
    return { baseMs: this.config.SEND_BACKOFF_MS, capMs: this.config.SEND_BACKOFF_MAX_MS };
  }
}
