import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { Job } from 'bullmq';
import pg from 'pg';
import { createWorkerApp } from '../../../apps/worker/src/create-worker-app.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const TEMPLATE = { code: 'BATCH_SALE', body: '#{name}님, 여름 세일 안내' };

/** A distinct mobile number per n that the simulator delivers (last four digits never 0001–0004). */
const phone = (n: number) => `010${6000 + Math.floor(n / 9000)}${1000 + (n % 9000)}`;
// A whole number, not digits inside a UUID's hex segment (`…-101522341130` holds `0152234113`).
const PHONE_IN_TEXT = /(?<![0-9a-f])01\d{8,9}(?![0-9a-f])/i;

/**
 * A test stack for one describe block, started and stopped by its hooks, with what
 * both blocks need: a campaign through the API, and a look at its rows and jobs.
 */
function useCampaignStack(workerEnv: Record<string, string>, options: { inProcessWorker?: boolean; beforeClose?: () => Promise<void> } = {}) {
  let stack: TestStack;
  let pool: pg.Pool;
  beforeAll(async () => {
    stack = await startTestStack({
      inProcessWorker: options.inProcessWorker,
      sim: { SIM_TPS: 200 },
      workerEnv: { VENDOR_TPS: '100', CAMPAIGN_TICK_MS: '100', ...workerEnv },
    });
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body);
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await options.beforeClose?.();
    await pool?.end();
    await stack?.close();
  });
  const api = () => stack.api;
  return {
    stack: () => stack,
    query: (text: string, values: unknown[]) => pool.query(text, values),
    async startCampaign(from: number, count: number, options: { start?: boolean } = {}): Promise<string> {
      const created = await api().request('POST', '/v1/campaigns', { body: { name: 'batches', templateCode: TEMPLATE.code } });
      expect(created.status).toBe(201);
      const csv = ['to,name', ...Array.from({ length: count }, (_, i) => `${phone(from + i)},고객${i}`)].join('\n');
      const uploaded = await api().request('POST', `/v1/campaigns/${created.body.id}/recipients`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
      expect(uploaded.body.stored).toBe(count);
      if (options.start !== false) expect((await api().request('POST', `/v1/campaigns/${created.body.id}/start`)).status).toBe(200);
      return created.body.id;
    },
    untilCompleted: (id: string, timeoutMs = 30_000) =>
      eventually(
        async () => {
          const view = (await api().request('GET', `/v1/campaigns/${id}`)).body;
          return view.status === 'completed' ? view : undefined;
        },
        timeoutMs,
        `campaign ${id} to complete`,
      ),
    async rowsOf(id: string): Promise<Array<{ id: string; status: string; send_batch_id: string | null; attempts: number }>> {
      return (await pool.query('select id, status, send_batch_id, attempts from notifications where campaign_id = $1 order by id', [id])).rows;
    },
    /** Every send-queue job of the campaign, in any state: its batch jobs and any job of a message's own. */
    async jobsOf(id: string): Promise<Job[]> {
      const jobs = await api().sendQueue.getJobs(['completed', 'failed', 'waiting', 'prioritized', 'delayed', 'active']);
      return jobs.filter((job) => job?.data?.campaignId === id);
    },
  };
}

describe('campaign batch jobs', () => {
  const campaign = useCampaignStack({
    CAMPAIGN_JOB_SIZE: '20',
    CAMPAIGN_PAGE_SIZE: '50',
    CAMPAIGN_WINDOW: '200',
    // Several bulk calls per batch, so one call's failure hits only some of a batch's messages.
    VENDOR_BULK_MAX: '5',
    // A retry comes well after the fault injection below has been turned off.
    SEND_BACKOFF_MS: '3000',
    SEND_BACKOFF_MAX_MS: '6000',
  });
  const { startCampaign, untilCompleted, rowsOf, jobsOf } = campaign;
  let stack: TestStack;
  beforeAll(() => {
    stack = campaign.stack();
  });

  it('sends a campaign in batch jobs of CAMPAIGN_JOB_SIZE messages, each message once, no phone number in the jobs', async () => {
    const before = stack.sim.stats();
    const id = await startCampaign(0, 130);
    const done = await untilCompleted(id);
    expect(done.counts.sent + done.counts.delivered).toBe(130);

    const rows = await rowsOf(id);
    const batchIds = new Set(rows.map((row) => row.send_batch_id));
    expect(batchIds.has(null)).toBe(false);
    // Pages of 50 cut into batches of at most 20: 20+20+10, twice, then 20+10.
    expect(batchIds.size).toBe(8);
    const jobs = await jobsOf(id);
    expect(jobs.map((job) => job.id).sort()).toEqual([...batchIds].map((batchId) => `batch-${batchId}`).sort());
    for (const job of jobs) {
      expect(job.data.leg).toBe('campaign-batch');
      expect(job.name).toBe(`default · campaign → ${job.data.notificationIds.length} messages`);
      expect(await job.getState()).toBe('completed');
      expect(job.returnvalue).toEqual({ sent: job.data.notificationIds.length });
      expect(JSON.stringify(job.data) + job.name).not.toMatch(PHONE_IN_TEXT);
    }
    expect(jobs.flatMap((job) => job.data.notificationIds).sort()).toEqual(rows.map((row) => row.id).sort());

    const after = stack.sim.stats();
    expect(after.uniqueMessages - before.uniqueMessages).toBe(130);
    expect(after.duplicateRefs - before.duplicateRefs).toBe(0);
    // Bulk calls of up to VENDOR_BULK_MAX (5) messages: a few dozen calls, not 130.
    expect(after.bulkRequests - before.bulkRequests).toBeGreaterThanOrEqual(26);
    expect(after.bulkRequests - before.bulkRequests).toBeLessThan(130);
  });

  it('retries only the messages of a batch whose vendor call failed, each by a job of its own, and sends none twice', async () => {
    const before = stack.sim.stats();
    const id = await startCampaign(1000, 200);
    await eventually(async () => (stack.sim.stats().uniqueMessages - before.uniqueMessages >= 30 ? true : undefined), 20_000, 'sends to begin');
    stack.sim.configure({ errorRate: 1 });
    await eventually(async () => (stack.sim.stats().serverErrors - before.serverErrors >= 3 ? true : undefined), 10_000, 'some bulk calls to fail');
    stack.sim.configure({ errorRate: 0 });

    const done = await untilCompleted(id, 40_000);
    expect(done.counts.sent + done.counts.delivered).toBe(200);
    expect(done.counts.failed ?? 0).toBe(0);
    const after = stack.sim.stats();
    expect(after.uniqueMessages - before.uniqueMessages).toBe(200);
    expect(after.duplicateRefs - before.duplicateRefs).toBe(0);

    const rows = await rowsOf(id);
    const retried = rows.filter((row) => row.attempts > 1);
    expect(retried.length).toBeGreaterThanOrEqual(3 * 5 - 5); // bulk calls of 5; the first failure may carry fewer
    expect(rows.filter((row) => row.attempts === 1).length).toBe(200 - retried.length);
    const jobs = await jobsOf(id);
    const own = jobs.filter((job) => job.data.leg !== 'campaign-batch');
    // Exactly the retried messages got a job of their own, with the budget the batch left them.
    expect(own.map((job) => job.id).sort()).toEqual(retried.map((row) => row.id).sort());
    for (const job of own) {
      expect(job.opts.attempts).toBe(stack.workerConfig.SEND_ATTEMPTS - 1);
      expect(await job.getState()).toBe('completed');
    }
    // The batch jobs themselves were never failed or repeated for their messages' errors.
    for (const job of jobs.filter((job) => job.data.leg === 'campaign-batch')) {
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsMade).toBeLessThanOrEqual(1);
      expect(job.failedReason ?? null).toBeNull();
    }
    const history = (await stack.read(retried[0]!.id)).history;
    expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'E500', nextAttemptAt: expect.any(String) })]));
  });

  it('buries only the message the vendor refuses for good; the rest of its batch is sent', async () => {
    const before = stack.sim.stats();
    await stack.api.sendQueue.pause();
    let id: string;
    let refused: string;
    try {
      id = await startCampaign(2000, 20);
      await eventually(async () => ((await rowsOf(id)).length === 20 ? true : undefined), 10_000, 'the messages to be made');
      refused = (await rowsOf(id))[7]!.id;
      // A text the vendor's copy of the template does not match: E106, permanent.
      await campaign.query("update notifications set text = text || '!' where id = $1", [refused]);
    } finally {
      await stack.api.sendQueue.resume();
    }
    const done = await untilCompleted(id);
    expect(done.counts.sent + done.counts.delivered).toBe(19);
    expect(done.counts.dead).toBe(1);
    const dead = await stack.read(refused);
    expect(dead).toMatchObject({ status: 'dead', lastCode: 'E106', attempts: 1 });
    const letter = await eventually(
      async () => {
        const job = await stack.api.deadLetterQueue().getJob(refused);
        return job && (await job.isFailed()) ? job : undefined;
      },
      10_000,
      'the dead letter',
    );
    expect(letter.data).toMatchObject({ notificationId: refused, classification: 'permanent', code: 'E106', campaignId: id });
    const jobs = await jobsOf(id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.returnvalue).toEqual({ sent: 19, dead: 1 });
    expect(await stack.api.sendQueue.getJob(refused)).toBeUndefined();
    expect(stack.sim.stats().uniqueMessages - before.uniqueMessages).toBe(19);
  });
});

describe('campaign jobs with CAMPAIGN_JOB_SIZE=1', () => {
  const campaign = useCampaignStack({ CAMPAIGN_JOB_SIZE: '1', CAMPAIGN_PAGE_SIZE: '25', CAMPAIGN_WINDOW: '60' });
  const { startCampaign, untilCompleted, rowsOf, jobsOf } = campaign;
  let stack: TestStack;
  beforeAll(() => {
    stack = campaign.stack();
  });

  it('queues one job per message (jobId = notification id), as before batch jobs, and sends each once', async () => {
    const before = stack.sim.stats();
    const id = await startCampaign(3000, 60);
    const done = await untilCompleted(id);
    expect(done.counts.sent + done.counts.delivered).toBe(60);
    const rows = await rowsOf(id);
    expect(rows.every((row) => row.send_batch_id === null)).toBe(true);
    const jobs = await jobsOf(id);
    expect(jobs.map((job) => job.id).sort()).toEqual(rows.map((row) => row.id));
    expect(jobs.every((job) => job.data.notificationId === job.id && job.opts.priority === 10)).toBe(true);
    expect(stack.sim.stats().uniqueMessages - before.uniqueMessages).toBe(60);
    expect(stack.sim.stats().duplicateRefs - before.duplicateRefs).toBe(0);
  });

  it('pauses and resumes such a campaign, sending each message once', async () => {
    const before = stack.sim.stats();
    const id = await startCampaign(4000, 80);
    await eventually(async () => (stack.sim.stats().uniqueMessages - before.uniqueMessages >= 10 ? true : undefined), 20_000, 'sends to begin');
    expect((await stack.api.request('POST', `/v1/campaigns/${id}/pause`)).body.status).toBe('paused');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await stack.api.request('POST', `/v1/campaigns/${id}/resume`)).body.status).toBe('running');
    await untilCompleted(id);
    expect(stack.sim.stats().uniqueMessages - before.uniqueMessages).toBe(80);
    expect(stack.sim.stats().duplicateRefs - before.duplicateRefs).toBe(0);
  });
});

describe('a worker shutting down in the middle of a batch', () => {
  const workers: INestApplicationContext[] = [];
  const campaign = useCampaignStack(
    // Slow enough that a batch of 100 takes seconds; a grace longer than the whole batch.
    { VENDOR_TPS: '25', CAMPAIGN_JOB_SIZE: '100', WORKER_SHUTDOWN_GRACE_MS: '20000' },
    {
      inProcessWorker: false,
      beforeClose: async () => {
        if (workers.length > 1) await workers.at(-1)!.close();
      },
    },
  );
  const { startCampaign, untilCompleted, rowsOf, jobsOf } = campaign;
  let stack: TestStack;
  beforeAll(() => {
    stack = campaign.stack();
  });

  it('hands the batch back once its messages in progress are settled, and another worker sends the rest once', async () => {
    const before = stack.sim.stats();
    workers.push(await createWorkerApp(stack.workerConfig, { logger: ['error'] }));
    const id = await startCampaign(5000, 100);
    await eventually(async () => (stack.sim.stats().uniqueMessages - before.uniqueMessages >= 10 ? true : undefined), 20_000, 'sends to begin');
    const closing = Date.now();
    await workers[0]!.close();
    // Not the ~4 s the rest of the batch would take at 25 TPS.
    expect(Date.now() - closing).toBeLessThan(2500);
    const sentAtClose = stack.sim.stats().uniqueMessages - before.uniqueMessages;
    expect(sentAtClose).toBeLessThan(100);
    const [batch] = await jobsOf(id);
    expect(await batch!.getState()).toMatch(/^(delayed|waiting|prioritized)$/);
    // Left for the batch's next run: not started (pending), or claimed while waiting for a slot (sending).
    const unsent = (await rowsOf(id)).filter((row) => row.status === 'pending' || row.status === 'sending');
    expect(unsent.length).toBeGreaterThanOrEqual(100 - sentAtClose - 1);

    workers.push(await createWorkerApp(stack.workerConfig, { logger: ['error'] }));
    await untilCompleted(id);
    expect(stack.sim.stats().uniqueMessages - before.uniqueMessages).toBe(100);
    expect(stack.sim.stats().duplicateRefs - before.duplicateRefs).toBe(0);
  });
});
