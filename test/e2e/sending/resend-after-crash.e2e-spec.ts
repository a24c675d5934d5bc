import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { createWorkerApp } from '../../../apps/worker/src/create-worker-app.js';
import { HttpVendorClient } from '../../../libs/vendor/src/index.js';
import { startTestStack, type TestStack } from '../../support/test-stack.js';

/**
 * A row a dead worker left `sending` (claimed, vendor outcome unknown) is looked up at
 * the vendor before it is sent again: only "unknown ref" sends it. Against a vendor that
 * does not deduplicate client references, that is what keeps it one message.
 */
describe('sending again after a worker died mid-send', () => {
  let stack: TestStack;
  let pool: pg.Pool;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    stack = await startTestStack({ inProcessWorker: false, sim: { dedupeRefs: false } });
    await stack.registerTemplate('RESEND', '#{name}님 안녕하세요');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await worker?.close();
    await pool?.end();
    await stack?.close();
  });

  it('sends once what the vendor already took, and once what it never got', async () => {
    const tookIt = await stack.send({ to: '010-6100-3333', templateCode: 'RESEND', variables: { name: 'A' } });
    const neverGot = await stack.send({ to: '010-6100-4444', templateCode: 'RESEND', variables: { name: 'B' } });
    // The dead worker's state: both claimed; the vendor accepted the first before the worker died.
    await pool.query(`update notifications set status = 'sending' where id = any($1::uuid[])`, [[tookIt, neverGot]]);
    const vendor = new HttpVendorClient({
      url: stack.sim.url,
      clientId: stack.workerConfig.VENDOR_CLIENT_ID,
      clientSecret: stack.workerConfig.VENDOR_CLIENT_SECRET,
      timeoutMs: 2000,
      connections: 1,
    });
    await vendor.sendAlimtalk({
      senderKey: stack.workerConfig.VENDOR_SENDER_KEY,
      to: '01061003333',
      templateCode: 'RESEND',
      text: 'A님 안녕하세요',
      ref: tookIt,
    });
    await vendor.close();

    // A new worker takes the jobs over.
    worker = await createWorkerApp(stack.workerConfig);
    await stack.untilStatus(tookIt, 'delivered');
    await stack.untilStatus(neverGot, 'delivered');
    const stats = stack.sim.stats();
    expect({ accepted: stats.accepted, duplicateMessages: stats.duplicateMessages, repeatedContent: stats.repeatedContent }).toEqual({
      accepted: 2,
      duplicateMessages: 0,
      repeatedContent: 0,
    });
    expect(stats.lookedUpRefs).toBeGreaterThanOrEqual(2);
    const history = (await stack.read(tookIt)).history.map((event) => [event.fromStatus, event.toStatus]);
    expect(history).toContainEqual(['sending', 'sending']);
  });
});
