import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MicroBatcher } from '../../../../libs/common/src/index.js';
import { rateLimitedError, SendQueue } from '../../../../libs/queue/src/index.js';
import { applyVendorBudget, MAX_ADMIT_AT_ONCE, openVendorRateLog } from '../../../../libs/rate-limit/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

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
 * The vendor rate gate: every send passes it right before its vendor call, so sends
 * stay within the vendor's TPS across all workers (DESIGN.md, invariant 3). It asks
 * the shared VendorRateLog in Redis for slots. Turning a job back with a rate-limit
 * error does not spend an attempt: the job waits while the queue is paused for the
 * given time, then runs as if for the first time. A vendor 429 pauses the queue too.
 */
@Injectable()
export class VendorRateGate implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VendorRateGate.name);
  private readonly log;
  /**
   * The gate is asked once for all the jobs of this process that reach it while the
   * previous question is in flight: one Redis round trip admits many sends, each
   * exactly as a call of its own at that instant would have.
   */
  private readonly admissions: MicroBatcher<void, Slot>;

  constructor(
    private readonly sendQueue: SendQueue,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {
    this.log = openVendorRateLog(config, 'worker');
    this.admissions = new MicroBatcher({
      run: async (calls) => {
        const decision = await this.log.admit(calls.length, RESERVE_AHEAD_MS);
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
    await applyVendorBudget(this.log, this.sendQueue, await this.log.tps());
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
        await this.sendQueue.pauseFor(Math.ceil(slot.waitMs));
        throw rateLimitedError();
      }
      await sleep(slot.waitMs + Math.random() * GATE_JITTER_MS);
    }
    throw rateLimitedError();
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
   * attempt. Returns the pause.
   */
  async pauseForVendor(retryAfterMs: number | undefined): Promise<number> {
    this.metrics.vendorRateLimited.inc();
    const pauseMs = retryAfterMs ?? DEFAULT_VENDOR_PAUSE_MS;
    this.logger.warn(`vendor answered 429; pausing ${this.sendQueue.name} for ${pauseMs} ms`);
    await this.sendQueue.pauseFor(pauseMs);
    return pauseMs;
  }

  onApplicationShutdown(): Promise<void> {
    return this.log.close();
  }
}
