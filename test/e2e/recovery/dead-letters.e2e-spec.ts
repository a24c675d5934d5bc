import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEAD_LETTER_QUEUE, SEND_QUEUE } from '../../../libs/queue/src/index.js';
import { requestJson } from '../../support/http.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const TEMPLATE = { code: 'PAYMENT_DUE', body: '#{name}님, #{amount}원 결제 예정입니다.' };
const variables = { name: '이영희', amount: '12,000' };

describe('dead letters', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body);
    // Herald's copy of DRIFTED differs from the approved one by one character: every send is refused.
    await stack.api.request('POST', '/v1/templates', { body: { code: 'DRIFTED', body: '안녕하세요 #{name}님!' } });
    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님.');
  });
  afterAll(() => stack.close());

  /** Bull Board's own HTTP API, as its UI calls it, with the operator's basic auth. */
  function board(method: string, path: string) {
    const { ADMIN_USER, ADMIN_PASSWORD } = stack.api.config;
    const authorization = `Basic ${Buffer.from(`${ADMIN_USER}:${ADMIN_PASSWORD}`).toString('base64')}`;
    return requestJson(stack.api.url, method, `/admin/queues/api${path}`, { headers: { authorization } });
  }

  const parkedLetter = (id: string) =>
    eventually(
      async () => {
        const job = await stack.api.deadLetterQueue().getJob(id);
        return job && (await job.isFailed()) ? job : undefined;
      },
      10_000,
      `dead letter ${id} to be parked`,
    );

  it('sends a permanently refused message to the DLQ after exactly one vendor call', async () => {
    const before = stack.sim.stats().requests;
    const id = await stack.send({ to: '010-5555-1111', templateCode: 'DRIFTED', variables: { name: 'A' } });
    const row = await stack.untilStatus(id, 'dead');
    expect(row).toMatchObject({ lastCode: 'E106', attempts: 1 });
    expect(stack.sim.stats().requests - before).toBe(1);
    const letter = await parkedLetter(id);
    expect(letter.data).toMatchObject({ notificationId: id, leg: 'alimtalk', classification: 'permanent', code: 'E106', attempts: 1 });
    expect(letter.failedReason).toContain('E106');
  });

  it('names jobs for operators as leg → masked recipient, with the data they need and no phone number', async () => {
    stack.sim.configure({ errorRate: 1 });
    let id: string;
    try {
      id = await stack.send({ to: '010-4444-7777', templateCode: TEMPLATE.code, variables });
      const retrying = await eventually(
        async () => {
          const job = await stack.api.sendQueue.getJob(id);
          return job?.data.lastError ? job : undefined;
        },
        10_000,
        'the send job to record its last error',
      );
      expect(retrying.name).toBe('default · alimtalk → 010****7777');
      expect(retrying.data).toMatchObject({ notificationId: id, leg: 'alimtalk', to: '010****7777', templateCode: TEMPLATE.code });
      expect(retrying.data.lastError).toMatch(/^E500: /);
      await stack.untilStatus(id, 'dead');
    } finally {
      stack.sim.configure({ errorRate: 0 });
    }
    const letter = await parkedLetter(id);
    expect(letter.name).toBe('default · alimtalk → 010****7777');
    expect(letter.data).toMatchObject({ notificationId: id, to: '010****7777', templateCode: TEMPLATE.code, code: 'E500' });

    // What Bull Board's UI loads for both queues names the jobs and never holds the number.
    for (const queue of [SEND_QUEUE, DEAD_LETTER_QUEUE]) {
      const listed = await board('GET', `/queues?activeQueue=${queue}&status=failed&page=1`);
      const text = JSON.stringify(listed.body);
      expect(text).toContain('default · alimtalk → 010****7777');
      expect(text).not.toMatch(/01044447777|4444-7777/);
    }
  });

  it('retries a transient failure with growing delays, then dead-letters it after the last attempt', async () => {
    stack.sim.configure({ errorRate: 1 });
    try {
      const id = await stack.send({ to: '010-3333-9999', templateCode: TEMPLATE.code, variables });
      const row = await stack.untilStatus(id, 'dead');
      const attempts = stack.api.config.SEND_ATTEMPTS;
      expect(row).toMatchObject({ attempts, lastCode: 'E500' });
      const retries = row.history.filter((event) => event.nextAttemptAt);
      expect(retries).toHaveLength(attempts - 1);
      const waits = retries.map((event) => Date.parse(event.nextAttemptAt!) - Date.parse(event.at));
      // Equal jitter keeps each wait within [half, full] of base·2^(n-1): they never shrink by half.
      for (let index = 1; index < waits.length; index++) expect(waits[index]).toBeGreaterThan(waits[index - 1]! / 2);
      expect(waits.at(-1)).toBeGreaterThan(waits[0]!);
      expect((await parkedLetter(id)).data).toMatchObject({ classification: 'transient', code: 'E500', attempts });
    } finally {
      stack.sim.configure({ errorRate: 0 });
    }
  });

  it('lists dead letters in Bull Board, whose Retry redrives one and it is delivered', async () => {
    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님.');
    const id = await stack.send({ to: '010-5555-2222', templateCode: 'DRIFTED', variables: { name: 'B' } });
    await stack.untilStatus(id, 'dead');
    await parkedLetter(id);

    const unauthenticated = await requestJson(stack.api.url, 'GET', '/admin/queues/api/queues');
    expect(unauthenticated.status).toBe(401);
    const listed = await board('GET', `/queues?activeQueue=${DEAD_LETTER_QUEUE}&status=failed&page=1`);
    expect(listed.status).toBe(200);
    const deadLetterQueue = listed.body.queues.find((queue: any) => queue.name === DEAD_LETTER_QUEUE);
    expect(deadLetterQueue.jobs.map((job: any) => job.id)).toContain(id);

    // The operator fixes the cause (the vendor approves Herald's wording), then presses Retry.
    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님!');
    const retried = await board('PUT', `/queues/${DEAD_LETTER_QUEUE}/${id}/retry`);
    expect(retried.status).toBe(204);
    const row = await stack.untilStatus(id, 'delivered');
    expect(row.history.map((event: any) => [event.fromStatus, event.toStatus, event.actor])).toEqual(
      expect.arrayContaining([
        ['sending', 'dead', 'worker'],
        ['dead', 'pending', 'operator'],
        ['pending', 'sending', 'worker'],
      ]),
    );
    expect(await stack.api.deadLetterQueue().getJob(id)).toBeUndefined();
    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님.');
  });

  it('redrives by filter over REST, and leaves notifications that are no longer dead alone', async () => {
    const ids = await Promise.all(['010-5555-3331', '010-5555-3332'].map((to) => stack.send({ to, templateCode: 'DRIFTED', variables: { name: 'C' } })));
    for (const id of ids) await stack.untilStatus(id, 'dead');

    const listed = await stack.api.request('GET', '/v1/dlq?code=E106&templateCode=DRIFTED&limit=500');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: any) => item.id)).toEqual(expect.arrayContaining(ids));
    expect(listed.body.items[0].to).toMatch(/^010\*+\d{4}$/);

    expect((await stack.api.request('POST', '/v1/dlq/redrive', { body: {} })).status).toBe(400);

    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님!');
    const redriven = await stack.api.request('POST', '/v1/dlq/redrive', { body: { ids } });
    expect(redriven.body).toEqual({ redriven: 2, more: false });
    for (const id of ids) {
      await stack.untilStatus(id, 'delivered');
      expect(await stack.api.deadLetterQueue().getJob(id)).toBeUndefined();
    }
    const again = await stack.api.request('POST', '/v1/dlq/redrive', { body: { ids } });
    expect(again.body).toEqual({ redriven: 0, more: false });
    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님.');
  });

  it('pages the DLQ listing with a cursor', async () => {
    const first = await stack.api.request('GET', '/v1/dlq?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await stack.api.request('GET', `/v1/dlq?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0]?.id).not.toBe(first.body.items[0].id);
    expect((await stack.api.request('GET', '/v1/dlq?cursor=garbage')).body.error.field).toBe('cursor');
  });
});
