import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, NotificationRepository, type DatabaseHandle } from '../libs/db/src/index.js';
import { freePort } from '../libs/devstack/src/index.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { eventually, startTestStack, type TestStack } from './support/test-stack.js';

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
    stack = await startTestStack({ workerEnv: { RECONCILE_EVERY_MS: '300', RECONCILE_AFTER_MS: '500' } });
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
      const job = await stack.api.dlq().getJob(id);
      return job && (await job.isFailed()) ? job : undefined;
    });
    expect(letter.data).toMatchObject({ notificationId: id, code: 'E106' });
  });
});
