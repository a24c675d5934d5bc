import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from '../../../../libs/common/src/index.js';
import { DEAD_LETTER_QUEUE, JOB_STATES, type HeraldQueue } from '../../../../libs/queue/src/index.js';

/** Injection token for the API's Prometheus registry, served at GET /metrics. */
export const API_METRICS = Symbol('API_METRICS');

/** A scrape must not hang on an unreachable Redis; the gauges are left out of that scrape instead. */
const COUNT_TIMEOUT_MS = 2000;

/**
 * The API's metrics. Queue gauges are read from Redis when Prometheus scrapes, so
 * every API process reports the same shared numbers (aggregate with max, not sum).
 * One registry per app (not prom-client's global one), so in-process test apps never collide.
 */
export function createApiMetrics(queues: Array<HeraldQueue<unknown>>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counts = (queue: HeraldQueue<unknown>) => withTimeout(queue.counts(), COUNT_TIMEOUT_MS, `counting ${queue.name}`);

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

  const deadLetterQueue = queues.find((queue) => queue.name === DEAD_LETTER_QUEUE);
  new Gauge({
    name: 'herald_dlq_size',
    help: 'Dead letters waiting for an operator: DLQ jobs parked or about to be (all but completed)',
    registers: [registry],
    async collect() {
      this.reset();
      if (!deadLetterQueue) return;
      const byState = await counts(deadLetterQueue).catch(() => undefined);
      if (byState) this.set(JOB_STATES.filter((state) => state !== 'completed').reduce((sum, state) => sum + (byState[state] ?? 0), 0));
    },
  });
  return registry;
}
