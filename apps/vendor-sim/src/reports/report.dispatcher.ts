import { setMaxListeners } from 'node:events';
import type { DeliveryReport } from '../../../../libs/vendor/src/protocol.js';
import { FifoQueue } from './fifo.queue.js';
import type { ReportPoster } from './report.poster.js';

/** Complete when scheduled: its reportedAt is the time it falls due, which the result lookup answers too. */
export type PendingReport = DeliveryReport;
export type ReportSettlement = 'sent' | 'failed' | 'dropped';

export interface ReportDispatcherSettings {
  flushIntervalMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
}

export interface ReportDispatcherDeps {
  settings: ReportDispatcherSettings;
  post: ReportPoster;
  /** Read when a batch is formed or sent, so PUT /_sim/config applies to reports already waiting. */
  target: () => { url: string | null; batchSize: number };
  onSettled: (reports: readonly DeliveryReport[], settlement: ReportSettlement) => void;
  onGiveUp: (reports: readonly DeliveryReport[], lastError: unknown) => void;
  now?: () => number;
}

interface Batch {
  reports: DeliveryReport[];
  rawBody: string;
  attempts: number;
}

/**
 * Posts delivery reports after their delay, the way the vendor does: reports due in
 * the same short interval are batched (up to the batch size), callbacks run with
 * bounded concurrency, and a failed callback is retried with capped exponential
 * backoff before being given up and counted.
 */
export class ReportDispatcher {
  /** Reports waiting for their due time, bucketed by flush interval so one timer serves all. */
  private readonly dueBuckets = new Map<number, PendingReport[]>();
  private readonly ready = new FifoQueue<Batch>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private flushTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private counts = { pending: 0, sent: 0, failed: 0 };
  /** Aborted on reset and close; callbacks of an aborted generation no longer count. */
  private generation = ReportDispatcher.newGeneration();
  private readonly now: () => number;

  constructor(private readonly deps: ReportDispatcherDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  get pending(): number {
    return this.counts.pending;
  }
  get sent(): number {
    return this.counts.sent;
  }
  get failed(): number {
    return this.counts.failed;
  }

  schedule(report: PendingReport, delayMs: number): void {
    const interval = this.deps.settings.flushIntervalMs;
    const bucket = Math.ceil((this.now() + Math.max(0, delayMs)) / interval);
    const reports = this.dueBuckets.get(bucket);
    if (reports) reports.push(report);
    else this.dueBuckets.set(bucket, [report]);
    this.counts.pending++;
    this.flushTimer ??= setInterval(() => this.flushDue(), interval).unref();
  }

  /** Forgets every waiting, retrying and in-flight report and zeroes the counters. */
  reset(): void {
    this.stop();
    this.generation = ReportDispatcher.newGeneration();
    this.counts = { pending: 0, sent: 0, failed: 0 };
  }

  close(): void {
    this.stop();
  }

  /** Every in-flight callback listens on this one signal; that is by design, not a leak. */
  private static newGeneration(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  private stop(): void {
    this.generation.abort();
    clearInterval(this.flushTimer);
    this.flushTimer = undefined;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.dueBuckets.clear();
    this.ready.clear();
    this.inFlight = 0;
  }

  private flushDue(): void {
    const interval = this.deps.settings.flushIntervalMs;
    const due: PendingReport[] = [];
    for (const [bucket, reports] of this.dueBuckets) {
      if (bucket * interval > this.now()) continue;
      due.push(...reports);
      this.dueBuckets.delete(bucket);
    }
    if (this.dueBuckets.size === 0) {
      clearInterval(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (due.length === 0) return;

    const { batchSize } = this.deps.target();
    for (let start = 0; start < due.length; start += batchSize) {
      const reports = due.slice(start, start + batchSize);
      this.ready.push({ reports, rawBody: JSON.stringify(reports), attempts: 0 });
    }
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.deps.settings.concurrency) {
      const batch = this.ready.shift();
      if (!batch) return;
      this.deliver(batch);
    }
  }

  private deliver(batch: Batch): void {
    const { url } = this.deps.target();
    if (!url) {
      this.settle(batch, 'dropped');
      return;
    }
    const generation = this.generation.signal;
    this.inFlight++;
    batch.attempts++;
    this.deps.post(url, batch.rawBody, generation).then(
      () => {
        if (generation.aborted) return;
        this.inFlight--;
        this.settle(batch, 'sent');
        this.pump();
      },
      (error: unknown) => {
        if (generation.aborted) return;
        this.inFlight--;
        this.retryOrGiveUp(batch, error);
        this.pump();
      },
    );
  }

  private retryOrGiveUp(batch: Batch, error: unknown): void {
    const { maxAttempts, backoffBaseMs, backoffMaxMs } = this.deps.settings;
    if (batch.attempts >= maxAttempts) {
      this.settle(batch, 'failed');
      this.deps.onGiveUp(batch.reports, error);
      return;
    }
    const backoffMs = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (batch.attempts - 1));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.ready.push(batch);
      this.pump();
    }, backoffMs).unref();
    this.retryTimers.add(timer);
  }

  private settle(batch: Batch, settlement: ReportSettlement): void {
    const size = batch.reports.length;
    this.counts.pending -= size;
    if (settlement === 'sent') this.counts.sent += size;
    if (settlement === 'failed') this.counts.failed += size;
    this.deps.onSettled(batch.reports, settlement);
  }
}
