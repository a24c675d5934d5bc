import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job, type Queue } from 'bullmq';
import { MicroBatcher } from '../../../libs/common/src/index.js';
import { applyVendorTps, MAX_ADMIT_AT_ONCE, openVendorRateGate, SEND_QUEUE, type SendJobData } from '../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

const DEFAULT_VENDOR_PAUSE_MS = 1000;
const MAX_GATE_TRIES = 50;
/** How far ahead a slot is reserved: more than a waiting job's retry takes, so the vendor is never left idle. */
const RESERVE_AHEAD_MS = 100;
const MAX_HELD_WAIT_MS = 250;
const GATE_JITTER_MS = 10;

type Slot = { admitted: true; delayMs: number } | { admitted: false; waitMs: number };

// No timer for no wait: a timer of 0 still waits about a millisecond.
const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * Keeps every send within the vendor's TPS (DESIGN.md, invariant 3). Turning a job
 * back with RateLimitError does not spend an attempt: the job waits while the queue
 * is paused for the given time, then runs as if for the first time.
 */
@Injectable()
export class RateLimitService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly gate;
  /**
   * The gate is asked once for all the jobs of this process that reach it while the
   * previous question is in flight: one Redis round trip admits many sends, each
   * exactly as a call of its own at that instant would have.
   */
  private readonly admissions: MicroBatcher<void, Slot>;

  constructor(
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue<SendJobData>,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {
    this.gate = openVendorRateGate(config, 'worker');
    this.admissions = new MicroBatcher({
      run: async (calls) => {
        const decision = await this.gate.admit(calls.length, RESERVE_AHEAD_MS);
        return calls.map((_, index): Slot => {
          const delayMs = decision.delaysMs[index];
          return delayMs === undefined ? { admitted: false, waitMs: decision.waitMs } : { admitted: true, delayMs };
        });
      },
      maxSize: MAX_ADMIT_AT_ONCE,
      maxWaitMs: 0,
      maxInFlight: 1,
    });
  }

  /** Makes the queue's limiter match the budget in force (set at runtime, else VENDOR_TPS). */
  async onApplicationBootstrap(): Promise<void> {
    await applyVendorTps(this.gate, this.sendQueue, await this.gate.tps());
  }

  /**
   * Resolves when the job may reach the vendor: at once, or at the slot reserved for
   * it. A short wait for a slot to be reservable is spent here, holding the job, with a
   * little jitter so waiting jobs do not retry in lockstep; pausing the whole queue
   * for it would idle every worker and lose budget. Only a long wait turns the job back.
   */
  async admit(): Promise<void> {
    for (let tries = 0; tries < MAX_GATE_TRIES; tries++) {
      const slot = await this.admissions.submit();
      if (slot.admitted) return sleep(slot.delayMs);
      if (slot.waitMs > MAX_HELD_WAIT_MS) {
        await this.sendQueue.rateLimit(Math.ceil(slot.waitMs));
        throw Worker.RateLimitError();
      }
      await sleep(slot.waitMs + Math.random() * GATE_JITTER_MS);
    }
    throw Worker.RateLimitError();
  }

  /**
   * For a message of a campaign batch: waits for a slot however long it takes, instead
   * of turning its whole job back (other messages of the batch may be sent already).
   * After each wait `keepWaiting` is asked; false ends the wait unadmitted, so the
   * caller can look at its campaign again. Resolves true once admitted (send now).
   */
  async admitPatiently(keepWaiting: () => boolean): Promise<boolean> {
    for (;;) {
      const slot = await this.admissions.submit();
      if (slot.admitted) {
        await sleep(slot.delayMs);
        return true;
      }
      await sleep(slot.waitMs + Math.random() * GATE_JITTER_MS);
      if (!keepWaiting()) return false;
    }
  }

  /**
   * The vendor answered 429 anyway (another client on the account, a changed
   * contract): pause the whole queue for as long as it asks, without spending an
   * attempt. A job turned back MAX_RATE_LIMITED_STARTS times returns false, and is
   * then failed as transient, so a vendor that only ever answers 429 cannot hold a
   * job forever.
   */
  async backOffFromVendor(job: Job, retryAfterMs: number | undefined): Promise<boolean> {
    const restarts = (job.attemptsStarted ?? 0) - job.attemptsMade;
    if (restarts > this.config.MAX_RATE_LIMITED_STARTS) {
      this.metrics.vendorRateLimited.inc();
      return false;
    }
    await this.pauseForVendor(retryAfterMs);
    return true;
  }

  /** Pauses the send queue for as long as the vendor's 429 asks; returns the pause. */
  async pauseForVendor(retryAfterMs: number | undefined): Promise<number> {
    this.metrics.vendorRateLimited.inc();
    const pauseMs = retryAfterMs ?? DEFAULT_VENDOR_PAUSE_MS;
    this.logger.warn(`vendor answered 429; pausing ${SEND_QUEUE} for ${pauseMs} ms`);
    await this.sendQueue.rateLimit(pauseMs);
    return pauseMs;
  }

  onApplicationShutdown(): Promise<void> {
    return this.gate.close();
  }
}
