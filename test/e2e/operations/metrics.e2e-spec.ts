import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { connectDatabase, NotificationRepository, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { DEAD_LETTER_QUEUE, SEND_QUEUE } from '../../../libs/queue/src/index.js';
import { requestJson } from '../../support/http.js';
import { parseMetrics, valueOf, type Sample } from '../../support/metrics.js';
import { startTestApi } from '../../support/test-api.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const METRICS_TOKEN = randomBytes(16).toString('hex');

describe('Prometheus metrics', () => {
  let stack: TestStack;
  let database: DatabaseHandle;

  beforeAll(async () => {
    stack = await startTestStack({
      apiEnv: { METRICS_TOKEN },
      workerEnv: { RECONCILE_EVERY_MS: '300', RECONCILE_AFTER_MS: '500' },
    });
    await stack.registerTemplate('HELLO', '#{name}님 안녕하세요');
    // Herald's copy differs from the approved one: every send is refused for good.
    await stack.api.request('POST', '/v1/templates', { body: { code: 'DRIFTED', body: '안녕 #{name}!' } });
    stack.sim.approveTemplate('DRIFTED', '안녕 #{name}.');
    database = connectDatabase(stack.api.config.DATABASE_URL, 2);
  });
  afterAll(async () => {
    await stack.close();
    await database.close();
  });

  const scrapeApi = async (): Promise<Sample[]> => {
    const response = await requestJson(stack.api.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return parseMetrics(response.body);
  };
  const scrapeWorker = async (): Promise<Sample[]> => parseMetrics(await (await fetch(stack.workerHealthUrl.replace('/health', '/metrics'))).text());
  /** Scrapes until `read` has moved past `from`, so no test depends on timing. */
  const untilMoved = (scrape: () => Promise<Sample[]>, read: (samples: Sample[]) => number, from: number, what: string) =>
    eventually(
      async () => {
        const value = read(await scrape());
        return value > from ? value : undefined;
      },
      15_000,
      what,
    );

  it('serves the API metrics only with the metrics token', async () => {
    expect((await requestJson(stack.api.url, 'GET', '/metrics')).status).toBe(401);
    const producerKey = await stack.api.request('GET', '/metrics');
    expect(producerKey.status).toBe(401);
    expect(producerKey.body.error).toMatchObject({ code: 'unauthorized', field: 'authorization' });
    const samples = await scrapeApi();
    for (const queue of [SEND_QUEUE, DEAD_LETTER_QUEUE]) {
      expect(samples.some((sample) => sample.name === 'herald_queue_jobs' && sample.labels.queue === queue && sample.labels.state === 'waiting')).toBe(true);
    }
    expect(samples.some((sample) => sample.name === 'process_cpu_seconds_total')).toBe(true);
  });

  it('counts a delivered send: queue depth, sends by code, vendor latency and report lag move', async () => {
    const [api, worker] = [await scrapeApi(), await scrapeWorker()];
    const completed = (samples: Sample[]) => valueOf(samples, 'herald_queue_jobs', { queue: SEND_QUEUE, state: 'completed' });
    const accepted = (samples: Sample[]) => valueOf(samples, 'herald_sends_total', { channel: 'alimtalk', code: 'A000' });
    const latencies = (samples: Sample[]) => valueOf(samples, 'herald_vendor_latency_seconds_count', { channel: 'alimtalk' });
    const lags = (samples: Sample[]) => valueOf(samples, 'herald_report_lag_seconds_count', { channel: 'alimtalk' });

    const id = await stack.send({ to: '010-7100-1001', templateCode: 'HELLO', variables: { name: 'M' } });
    await stack.untilStatus(id, 'delivered');

    expect(await untilMoved(scrapeApi, completed, completed(api), 'completed send jobs to grow')).toBe(completed(api) + 1);
    await untilMoved(scrapeWorker, lags, lags(worker), 'a report lag to be observed');
    const after = await scrapeWorker();
    expect(accepted(after)).toBe(accepted(worker) + 1);
    expect(latencies(after)).toBe(latencies(worker) + 1);
    expect(valueOf(after, 'herald_reports_applied_total')).toBeGreaterThan(valueOf(worker, 'herald_reports_applied_total'));
  });

  it('counts retries of a transient failure by code', async () => {
    const retries = (samples: Sample[]) => valueOf(samples, 'herald_send_retries_total', { channel: 'alimtalk', code: 'E500' });
    const before = retries(await scrapeWorker());
    stack.sim.configure({ errorRate: 1 });
    try {
      const id = await stack.send({ to: '010-7100-1002', templateCode: 'HELLO', variables: { name: 'M' } });
      await untilMoved(scrapeWorker, retries, before, 'a retry to be counted');
      stack.sim.configure({ errorRate: 0 });
      await stack.untilStatus(id, 'delivered');
    } finally {
      stack.sim.configure({ errorRate: 0 });
    }
  });

  it('grows the DLQ size when a notification dies', async () => {
    const dlqSize = (samples: Sample[]) => valueOf(samples, 'herald_dlq_size');
    const before = dlqSize(await scrapeApi());
    const id = await stack.send({ to: '010-7100-1003', templateCode: 'DRIFTED', variables: { name: 'M' } });
    await stack.untilStatus(id, 'dead');
    expect(await untilMoved(scrapeApi, dlqSize, before, 'the DLQ size to grow')).toBe(before + 1);
    expect(valueOf(await scrapeWorker(), 'herald_sends_total', { code: 'E106' })).toBeGreaterThanOrEqual(1);
  });

  it('counts the reconciler re-enqueueing a row that has no job', async () => {
    const requeued = (samples: Sample[]) => valueOf(samples, 'herald_reconciler_repairs_total', { action: 'requeued' });
    const before = requeued(await scrapeWorker());
    // A committed row whose enqueue never happened (the API died in between).
    const row = await new NotificationRepository(database.db).insertPending(
      { id: uuidv7(), tenantId: 'default', recipient: '01071001004', templateCode: 'HELLO', variables: { name: 'M' }, text: 'M님 안녕하세요' },
      'test',
    );
    await untilMoved(scrapeWorker, requeued, before, 'the reconciler to count a re-enqueue');
    await stack.untilStatus(row.id, 'delivered');
  });
});

describe('API metrics without METRICS_TOKEN', () => {
  it('are off: 404 naming the setting', async () => {
    const api = await startTestApi();
    try {
      const response = await requestJson(api.url, 'GET', '/metrics');
      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain('METRICS_TOKEN');
    } finally {
      await api.close();
    }
  });
});
