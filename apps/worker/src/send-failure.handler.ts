import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { DeadLetters } from '../../../libs/dead-letters/src/index.js';
import { NotificationRepository, type Notification } from '../../../libs/db/src/index.js';
import { classifyVendorFailure, maskPhonesIn, retryDelayMs, type FailureClass } from '../../../libs/domain/src/index.js';
import { campaignMessageJob, SEND_QUEUE, type MessageJobData, type SendJobData } from '../../../libs/queue/src/index.js';
import { VendorError } from '../../../libs/vendor/src/index.js';
import { RateLimitService } from './rate-limit.service.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

export type Leg = 'alimtalk' | 'failback';

/** What became of a campaign batch's message whose vendor call failed. */
export type BatchFailureOutcome = 'dead' | 'retrying' | 'rate-limited';

/** The status a row has while each leg's vendor call is in progress. */
const IN_FLIGHT_STATUS = { alimtalk: 'sending', failback: 'failed' } as const;

/**
 * What happens after a vendor call failed, for either leg (DESIGN.md, invariant 4):
 * rate limited → the queue pauses and the job waits without spending an attempt;
 * permanent → dead letter at once; transient → recorded with the time of the next
 * attempt and rethrown for BullMQ to retry, until the last attempt, which is buried.
 * Always throws: a failed send must never look like a completed job.
 */
@Injectable()
export class SendFailureHandler {
  private readonly logger = new Logger(SendFailureHandler.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
    private readonly rateLimits: RateLimitService,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue<SendJobData>,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async fail(job: Job<MessageJobData>, leg: Leg, error: unknown): Promise<never> {
    const id = job.data.notificationId;
    const failure = describe(error);
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    if (failure.class === 'rate_limited' && (await this.rateLimits.backOffFromVendor(job, failure.retryAfterMs))) {
      throw Worker.RateLimitError();
    }

    if (failure.class === 'permanent' || isLastAttempt) {
      const classification = await this.bury(id, leg, failure);
      throw new UnrecoverableError(`${classification} ${failure.code}: ${failure.message}`);
    }
    const delay = retryDelayMs(job.attemptsMade + 1, this.retryPolicy(), job.id ?? id);
    await this.recordRetry(id, leg, failure, delay);
    // Bull Board shows the job's data: the operator sees why it is being retried.
    await job.updateData({ ...job.data, lastError: maskPhonesIn(`${failure.code}: ${failure.message}`) });
    throw error;
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
    const failure = describe(error);
    const target = { id: row.id, recipient: row.recipient, templateCode: row.templateCode, campaignId: row.campaignId };
    if (failure.class === 'rate_limited') {
      const pauseMs = await this.rateLimits.pauseForVendor(failure.retryAfterMs);
      await this.handOver(campaignMessageJob(target, { attempts: this.config.SEND_ATTEMPTS, delay: pauseMs }));
      return 'rate-limited';
    }
    if (failure.class === 'permanent' || this.config.SEND_ATTEMPTS <= 1) {
      await this.bury(row.id, 'alimtalk', failure);
      return 'dead';
    }
    const delay = retryDelayMs(1, this.retryPolicy(), row.id);
    await this.recordRetry(row.id, 'alimtalk', failure, delay);
    await this.handOver(campaignMessageJob(target, { attempts: this.config.SEND_ATTEMPTS - 1, delay }));
    return 'retrying';
  }

  private async handOver(job: ReturnType<typeof campaignMessageJob>): Promise<void> {
    // A job of this id still present (the reconciler's, or one of an earlier run of the
    // batch) already covers the row; add leaves it as it is.
    await this.sendQueue.add(job.name, job.data, job.opts);
    this.logger.log(`notification ${job.data.notificationId}: retried by a job of its own`);
  }

  private async bury(id: string, leg: Leg, failure: Failure): Promise<'permanent' | 'transient'> {
    const classification = failure.class === 'permanent' ? 'permanent' : 'transient';
    await this.deadLetters.bury(id, [IN_FLIGHT_STATUS[leg]], { leg, classification, code: failure.code, error: failure.message }, 'worker', true);
    return classification;
  }

  private async recordRetry(id: string, leg: Leg, failure: Failure, delay: number): Promise<void> {
    this.metrics.retries.inc({ leg, code: failure.code });
    await this.notifications.recordAttemptError(id, 'worker', {
      code: failure.code,
      detail: `${failure.class} (${leg}): ${failure.message}`,
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

interface Failure {
  class: FailureClass;
  code: string;
  message: string;
  retryAfterMs?: number;
}

function describe(error: unknown): Failure {
  const vendorError = error instanceof VendorError ? error : undefined;
  return {
    class: vendorError ? classifyVendorFailure(vendorError) : 'transient',
    code: vendorError?.vendorCode ?? vendorError?.kind ?? 'error',
    message: (error as Error).message,
    retryAfterMs: vendorError?.retryAfterMs,
  };
}
