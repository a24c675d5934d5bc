import type { Queue } from 'bullmq';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from '../../../../libs/common/src/index.js';
import { DLQ_QUEUE } from '../../../../libs/queue/src/index.js';

/** Injection token for the API's Prometheus registry, served at GET /metrics. */
export const API_METRICS = Symbol('API_METRICS');

/** Every state a BullMQ 6 job can be in (a paused queue's jobs count as waiting). */
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
/** A scrape must not hang on an unreachable Redis; the gauges are left out of that scrape instead. */
const COUNT_TIMEOUT_MS = 2000;

/**
 * The API's metrics. Queue gauges are read from Redis when Prometheus scrapes, so
 * every API process reports the same shared numbers (aggregate with max, not sum).
 * One registry per app (not prom-client's global one), so in-process test apps never collide.
 */
export function createApiMetrics(queues: Queue[]): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counts = (queue: Queue) => withTimeout(queue.getJobCounts(...JOB_STATES), COUNT_TIMEOUT_MS, `counting ${queue.name}`);

  new Gauge({
    name: 'herald_queue_jobs',
    help: 'Jobs in each Herald queue by BullMQ state (read from Redis at scrape time)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const perQueue = await Promise.allSettled(queues.map(counts));
      perQueue.forEach((result, index) => {
        if (result.status !== 'fulfilled') return;
        for (const state of JOB_STATES) this.set({ queue: queues[index]!.name, state }, result.value[state] ?? 0);
      });
    },
  });

  const dlq = queues.find((queue) => queue.name === DLQ_QUEUE);
  new Gauge({
    name: 'herald_dlq_size',
    help: 'Dead letters waiting for an operator: DLQ jobs parked or about to be (all but completed)',
    registers: [registry],
    async collect() {
      this.reset();
      if (!dlq) return;
      const byState = await counts(dlq).catch(() => undefined);
      if (byState) this.set(JOB_STATES.filter((state) => state !== 'completed').reduce((sum, state) => sum + (byState[state] ?? 0), 0));
    },
  });
  return registry;
}
