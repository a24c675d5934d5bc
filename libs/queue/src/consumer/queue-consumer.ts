import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job, type Processor } from 'bullmq';
import { TimeoutError, unavailableDependency, withTimeout } from '../../../common/src/index.js';
import { jobLogFields, withLogContext } from '../../../logging/src/index.js';
import { queueOptions } from '../connection/queue-options.js';
import type { RedisSettings } from '../connection/redis-settings.js';
import { delayJob } from './job-control.js';

/** The settings every consumer shares (the worker's config carries them). */
export interface ConsumerSettings extends RedisSettings {
  WORKER_LOCK_MS: number;
  WORKER_SHUTDOWN_GRACE_MS: number;
}

export interface ConsumerOptions {
  /** Jobs run at once by this consumer; split evenly over its queues when it has several (the send queue's shards). */
  concurrency: number;
  /** Delay before a retry, for jobs whose backoff type is Herald's own (HERALD_BACKOFF). */
  backoff?: (attemptsMade: number, type?: string, error?: Error, job?: { id?: string }) => number;
}

/**
 * BullMQ fails a job for good on its second stall (maxStalledCount 1). Every Herald
 * job is safe to run again (row claims, vendor refs, idempotent report batches), and
 * under CPU starvation a busy worker can miss lock renewals more than once: a report
 * job failed that way would leave its rows `sent` for ever. Let stalls retry.
 */
const STALLS_BEFORE_FAILING = 20;

/** A job that met a store outage runs again this much later, no attempt spent. */
const STORE_OUTAGE_RECHECK_MS = 1000;
/** While a store stays down, one warning per this long rather than one per job. */
const OUTAGE_LOG_EVERY_MS = 10_000;

/**
 * One queue's consumer in the worker app: starts its BullMQ worker when the app has
 * booted and closes it gracefully before the app's connections close. Built by hand
 * rather than with @Processor so that concurrency and backoff come from validated
 * config and the shutdown order is explicit. Subclasses give the queue, the options
 * and `process`; the start/shutdown code is this one piece.
 *
 * lockDuration: a killed worker's jobs are taken over when their lock expires and the
 * next stall check runs, so within ~1.5 × WORKER_LOCK_MS. Shorter recovers faster but
 * risks a false stall when the event loop blocks longer than the lock; that costs a
 * repeated attempt, which the row claim and the vendor's ref deduplication absorb,
 * never a second message.
 */
export abstract class QueueConsumer<Data, Result> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly logger: Logger;
  private workers: Array<Worker<Data, Result>> = [];
  private readonly queueNames: string[];

  constructor(
    /** The queue this consumer takes jobs from, or several alike (the send queue's shards): one BullMQ worker each. */
    queueNames: string | string[],
    private readonly settings: ConsumerSettings,
  ) {
    this.queueNames = [queueNames].flat();
  }

  protected abstract options(): ConsumerOptions;
  protected abstract process(job: Job<Data, Result>, token?: string): Promise<Result>;
  /** Runs before the worker starts (e.g. upserting a job scheduler). */
  protected beforeStart(): Promise<void> {
    return Promise.resolve();
  }
  /** Runs when SIGTERM arrives, before the worker is closed (e.g. stop starting new work). */
  protected beforeClose(): void {}
  /** A failed attempt; by default only BullMQ's own log. */
  protected onFailed?(job: Job<Data, Result> | undefined, error: Error): void;
  /**
   * Whether a job that fails because Postgres or Redis is down waits for it (delayed,
   * no attempt spent) instead of spending its attempts in seconds and failing for good.
   * Every Herald job is safe to run again; a consumer whose jobs are scheduled says no.
   */
  protected waitsOutStoreOutages(): boolean {
    return true;
  }
  private lastOutageLogAt = 0;
  private closing = false;

  async onApplicationBootstrap(): Promise<void> {
    await this.beforeStart();
    const { concurrency, backoff } = this.options();
    // Every log line written while a job runs carries its job id, attempt and notification.
    const processor: Processor<Data, Result> = (job, token) => withLogContext(jobLogFields(job), () => this.processOrWait(job, token));
    const perQueue = Math.max(1, Math.ceil(concurrency / this.queueNames.length));
    this.workers = this.queueNames.map((name) => this.startWorker(name, processor, perQueue, backoff));
  }

  private startWorker(name: string, processor: Processor<Data, Result>, concurrency: number, backoff: ConsumerOptions['backoff']): Worker<Data, Result> {
    const worker = new Worker<Data, Result>(name, processor, {
      ...queueOptions(this.settings, 'worker', name),
      lockDuration: this.settings.WORKER_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(this.settings.WORKER_LOCK_MS / 2)),
      maxStalledCount: STALLS_BEFORE_FAILING,
      concurrency,
      ...(backoff ? { settings: { backoffStrategy: backoff } } : {}),
    });
    worker.on('error', (error) => {
      // Closing, a job handed back (moved to delayed, or left to another worker) can still
      // have a lock renewal in flight, which then fails: expected in a graceful stop, not an ERROR.
      if (this.closing) this.logger.warn(`${name} worker, closing: ${error.message}`);
      else this.logger.error(`${name} worker: ${error.message}`);
    });
    if (this.onFailed) worker.on('failed', (job, error) => this.onFailed?.(job, error));
    return worker;
  }

  private async processOrWait(job: Job<Data, Result>, token: string | undefined): Promise<Result> {
    try {
      return await this.process(job, token);
    } catch (error) {
      const dependency = this.waitsOutStoreOutages() ? unavailableDependency(error) : undefined;
      if (!dependency) throw error;
      if (Date.now() - this.lastOutageLogAt > OUTAGE_LOG_EVERY_MS) {
        this.lastOutageLogAt = Date.now();
        this.logger.warn(`${job.queueName}: ${dependency} unavailable (${error instanceof Error ? error.message : String(error)}); jobs wait for it`);
      }
      return delayJob(job, Date.now() + STORE_OUTAGE_RECHECK_MS, token, `waiting for ${dependency}`);
    }
  }

  /**
   * SIGTERM: stop fetching, give active jobs the grace period to finish, then force
   * the close. A forced job is not lost: its lock lapses and another worker takes it
   * over as stalled, where the row claim and the vendor ref keep it from doubling.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.beforeClose();
    await Promise.all(this.workers.map((worker) => this.closeWorker(worker)));
  }

  private async closeWorker(worker: Worker<Data, Result>): Promise<void> {
    const graceMs = this.settings.WORKER_SHUTDOWN_GRACE_MS;
    try {
      await withTimeout(worker.close(), graceMs, `closing ${worker.name}`);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      this.logger.warn(`${worker.name}: active jobs still running after ${graceMs} ms; handing them back`);
      await worker.close(true);
    }
  }
}
