import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { connectDatabase, NotificationRepository, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { freePort } from '../../../libs/devstack/src/index.js';
import { CAMPAIGN_EXPANSION_QUEUE, expandJobId, queueOptions } from '../../../libs/queue/src/index.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

/**
 * The reconciler repairs what a crash between a database write and a queue write
 * leaves. An API whose Redis is unreachable stands in for "the API died between
 * commit and enqueue": it commits the row and never gets the job in.
 */
describe('reconciler', () => {
  let stack: TestStack;
  let brokenApi: TestApi;
  let database: DatabaseHandle;
  let notifications: NotificationRepository;

  beforeAll(async () => {
    stack = await startTestStack({ workerEnv: { RECONCILE_EVERY_MS: '300', RECONCILE_AFTER_MS: '500', CAMPAIGN_JOB_SIZE: '10' } });
    await stack.registerTemplate('HELLO', '#{name}님 안녕하세요');
    brokenApi = await startTestApi({
      DATABASE_URL: stack.api.config.DATABASE_URL,
      QUEUE_PREFIX: stack.api.config.QUEUE_PREFIX,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      ENQUEUE_TIMEOUT_MS: '300',
    });
    database = connectDatabase(stack.api.config.DATABASE_URL, 2);
    notifications = new NotificationRepository(database.db);
  });
  afterAll(async () => {
    await brokenApi.close();
    await stack.close();
    await database.close();
  });

  async function acceptWithoutJob(to: string): Promise<string> {
    const response = await brokenApi.request('POST', '/v1/notifications', { body: { to, templateCode: 'HELLO', variables: { name: 'R' } } });
    expect(response.status).toBe(202);
    expect(await stack.api.sendQueue.getJob(response.body.id)).toBeUndefined();
    return response.body.id;
  }

  it('delivers a notification whose enqueue failed after commit', async () => {
    const id = await acceptWithoutJob('010-8000-1111');
    const row = await stack.untilStatus(id, 'delivered');
    expect(row.history).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'reconciler', code: 'requeued' })]));
    expect(stack.sim.message(id)).toBeDefined();
  });

  it('resumes a row left sending whose job Redis lost, without a second message', async () => {
    const id = await acceptWithoutJob('010-8000-2222');
    await notifications.transition(id, { to: 'sending', actor: 'test', countAttempt: true });
    await stack.untilStatus(id, 'delivered');
    expect(stack.sim.stats().duplicateRefs).toBe(0);
  });

  it('files the missing dead letter of a row that died before its letter was written', async () => {
    const id = await acceptWithoutJob('010-8000-3333');
    await notifications.transition(id, { to: 'sending', actor: 'test' });
    await notifications.transition(id, { to: 'dead', actor: 'test', code: 'E106', detail: 'permanent: text mismatch' });
    const letter = await eventually(async () => {
      const job = await stack.api.deadLetterQueue().getJob(id);
      return job && (await job.isFailed()) ? job : undefined;
    });
    expect(letter.data).toMatchObject({ notificationId: id, code: 'E106' });
  });

  describe('campaigns', () => {
    async function campaignWith(recipients: string[], extra: Record<string, unknown> = {}): Promise<string> {
      const created = await stack.api.request('POST', '/v1/campaigns', { body: { name: 'r', templateCode: 'HELLO', variables: { name: 'R' }, ...extra } });
      const csv = ['to', ...recipients].join('\n');
      await stack.api.request('POST', `/v1/campaigns/${created.body.id}/recipients`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
      return created.body.id;
    }
    const campaignStatus = async (id: string) => (await stack.api.request('GET', `/v1/campaigns/${id}`)).body;

    it('restores a scheduled campaign whose delayed expander job Redis lost', async () => {
      const id = await campaignWith(['010-8100-1111', '010-8100-2222'], { scheduledAt: new Date(Date.now() + 800).toISOString() });
      const campaignQueue = new Queue(CAMPAIGN_EXPANSION_QUEUE, queueOptions(stack.api.config, 'producer', CAMPAIGN_EXPANSION_QUEUE));
      try {
        expect(await campaignQueue.remove(expandJobId(id))).toBe(1);
      } finally {
        await campaignQueue.close();
      }
      const done = await eventually(
        async () => {
          const view = await campaignStatus(id);
          return view.status === 'completed' ? view : undefined;
        },
        15_000,
        'the campaign to complete',
      );
      expect(done.counts.sent + done.counts.delivered).toBe(2);
    });

    it('leaves the rows of a live batch job alone, and gives the rows of a lost one jobs of their own', async () => {
      const recipients = Array.from({ length: 30 }, (_, i) => `010-8300-${String(1000 + i)}`);
      const id = await campaignWith(recipients);
      const sentBefore = stack.sim.stats();
      const rowsOf = async () =>
        (await database.pool.query<{ id: string; send_batch_id: string }>('select id, send_batch_id from notifications where campaign_id = $1', [id])).rows;
      // The send queue held: the batch jobs wait, their rows stay pending past RECONCILE_AFTER_MS.
      await stack.api.sendQueue.pause();
      let lost: string;
      let rows: Array<{ id: string; send_batch_id: string }>;
      try {
        await stack.api.request('POST', `/v1/campaigns/${id}/start`);
        rows = await eventually(
          async () => {
            const made = await rowsOf();
            const batches = new Set(made.map((row) => row.send_batch_id));
            if (made.length !== 30 || batches.size !== 3) return undefined;
            for (const batch of batches) if (!(await stack.api.sendQueue.getJob(`batch-${batch}`))) return undefined;
            return made;
          },
          10_000,
          'three batch jobs of ten',
        );
        lost = rows[0]!.send_batch_id;
        expect(await stack.api.sendQueue.remove(`batch-${lost}`)).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 2500)); // several reconciler runs past RECONCILE_AFTER_MS

        for (const row of rows) {
          const requeued = (await notifications.history(row.id)).filter((event) => event.code === 'requeued');
          const ownJob = await stack.api.sendQueue.getJob(row.id);
          if (row.send_batch_id === lost) {
            expect(requeued).toHaveLength(1);
            expect(ownJob?.data).toMatchObject({ notificationId: row.id, leg: 'alimtalk' });
          } else {
            expect(requeued).toEqual([]);
            expect(ownJob).toBeUndefined();
          }
        }
      } finally {
        await stack.api.sendQueue.resume();
      }
      await eventually(async () => ((await campaignStatus(id)).status === 'completed' ? true : undefined), 15_000, 'the campaign to complete');
      expect(stack.sim.stats().uniqueMessages - sentBefore.uniqueMessages).toBe(30);
      expect(stack.sim.stats().duplicateRefs - sentBefore.duplicateRefs).toBe(0);
    });

    it("leaves a paused campaign's pending messages without jobs until resume", async () => {
      const id = await campaignWith(['010-8200-1111', '010-8200-2222', '010-8200-3333']);
      // The send queue held while the expander makes the rows, so the pause finds them all queued.
      await stack.api.sendQueue.pause();
      const sentBefore = stack.sim.stats().uniqueMessages;
      try {
        await stack.api.request('POST', `/v1/campaigns/${id}/start`);
        await eventually(
          async () => {
            const made = await database.pool.query('select count(*)::int as n from notifications where campaign_id = $1', [id]);
            return made.rows[0].n === 3 ? true : undefined;
          },
          10_000,
          'the expander to make the rows',
        );
        await stack.api.request('POST', `/v1/campaigns/${id}/pause`);
      } finally {
        await stack.api.sendQueue.resume();
      }
      await new Promise((resolve) => setTimeout(resolve, 2000)); // four reconciler runs past RECONCILE_AFTER_MS
      const paused = await campaignStatus(id);
      expect(paused.status).toBe('paused');
      expect(paused.counts.pending).toBe(3);
      expect(stack.sim.stats().uniqueMessages - sentBefore).toBe(0);
      const rows = await database.pool.query<{ id: string }>('select id from notifications where campaign_id = $1', [id]);
      for (const { id: notificationId } of rows.rows) {
        const history = await notifications.history(notificationId);
        expect(history.filter((event) => event.code === 'requeued')).toEqual([]);
      }

      await stack.api.request('POST', `/v1/campaigns/${id}/resume`);
      await eventually(async () => ((await campaignStatus(id)).status === 'completed' ? true : undefined), 15_000, 'the campaign to complete');
    });
  });
});
