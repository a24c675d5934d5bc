import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { DeadLetters } from '../../../libs/dead-letters/src/index.js';
import { NotificationRepository } from '../../../libs/db/src/index.js';
import { classifyVendorFailure, maskPhonesIn, retryDelayMs } from '../../../libs/domain/src/index.js';
import type { SendJobData } from '../../../libs/queue/src/index.js';
import { VendorError } from '../../../libs/vendor/src/index.js';
import { RateLimitService } from './rate-limit.service.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

export type Leg = 'alimtalk' | 'failback';

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
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
    private readonly rateLimits: RateLimitService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async fail(job: Job<SendJobData>, leg: Leg, error: unknown): Promise<never> {
    const id = job.data.notificationId;
    const vendorError = error instanceof VendorError ? error : undefined;
    const failureClass = vendorError ? classifyVendorFailure(vendorError) : 'transient';
    const code = vendorError?.vendorCode ?? vendorError?.kind ?? 'error';
    const message = (error as Error).message;
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    if (failureClass === 'rate_limited' && (await this.rateLimits.backOffFromVendor(job, vendorError?.retryAfterMs))) {
      throw Worker.RateLimitError();
    }

    if (failureClass === 'permanent' || isLastAttempt) {
      const classification = failureClass === 'permanent' ? 'permanent' : 'transient';
      await this.deadLetters.bury(id, [IN_FLIGHT_STATUS[leg]], { leg, classification, code, error: message }, 'worker', true);
      throw new UnrecoverableError(`${classification} ${code}: ${message}`);
    }
    const delay = retryDelayMs(job.attemptsMade + 1, this.retryPolicy(), job.id ?? id);
    this.metrics.retries.inc({ leg, code });
    await this.notifications.recordAttemptError(id, 'worker', {
      code,
      detail: `${failureClass} (${leg}): ${message}`,
      nextAttemptAt: new Date(Date.now() + delay),
    });
    // Bull Board shows the job's data: the operator sees why it is being retried.
    await job.updateData({ ...job.data, lastError: maskPhonesIn(`${code}: ${message}`) });
    throw error;
  }

  /** BullMQ's backoffStrategy: the same delay that fail() recorded as the next attempt. */
  backoff = (attemptsMade: number, _type?: string, _error?: Error, job?: { id?: string }): number =>
    retryDelayMs(attemptsMade, this.retryPolicy(), job?.id ?? '');

  private retryPolicy() {
    return { baseMs: this.config.SEND_BACKOFF_MS, capMs: this.config.SEND_BACKOFF_MAX_MS };
  }
}
