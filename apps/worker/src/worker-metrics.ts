import type { Channel } from '../../../libs/domain/src/index.js';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Injection token for the worker's Prometheus metrics, served at GET /metrics on the health port. */
export const WORKER_METRICS = Symbol('WORKER_METRICS');

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** One registry per worker app (not the global one), so in-process test apps never collide. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    vendorRateLimited: new Counter({
      name: 'herald_vendor_rate_limited_total',
      help: 'Vendor 429 answers; each paused the send queue without spending an attempt',
      registers: [registry],
    }),
    sends: new Counter({
      name: 'herald_sends_total',
      help: 'Vendor send calls by channel (alimtalk, sms, lms) and result code',
      labelNames: ['channel', 'code'] as const,
      registers: [registry],
    }),
    vendorLatency: new Histogram({
      name: 'herald_vendor_latency_seconds',
      help: 'Time from calling the vendor to its answer, by channel',
      labelNames: ['channel'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'herald_send_retries_total',
      help: 'Failed send attempts that will be retried after a backoff (transient failures before the last attempt), by channel and code',
      labelNames: ['channel', 'code'] as const,
      registers: [registry],
    }),
    reportLag: new Histogram({
      name: 'herald_report_lag_seconds',
      help: "Time from the vendor's report time to the report's batch being applied",
      labelNames: ['channel'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    }),
    reconcilerRepairs: new Counter({
      name: 'herald_reconciler_repairs_total',
      help: 'What the reconciler fixed: requeued (a row re-enqueued), buried, letter_filed, failback_queued',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
    reportsApplied: new Counter({
      name: 'herald_reports_applied_total',
      help: 'Vendor delivery reports applied to a notification (repeats and unknown ones excluded)',
      registers: [registry],
    }),
  };
}

/** Times one vendor call and counts its result code (A000, the vendor's error code, or timeout/network). */
export async function measureVendorCall<T>(metrics: WorkerMetrics, channel: Channel, call: () => Promise<T>): Promise<T> {
  const stop = metrics.vendorLatency.startTimer({ channel });
  try {
    const result = await call();
    metrics.sends.inc({ channel, code: 'A000' });
    return result;
  } catch (error) {
    const failure = error as { vendorCode?: string; kind?: string };
    metrics.sends.inc({ channel, code: failure.vendorCode ?? failure.kind ?? 'error' });
    throw error;
  } finally {
    stop();
  }
}
