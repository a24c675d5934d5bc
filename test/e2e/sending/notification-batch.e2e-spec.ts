import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '../../support/test-stack.js';

const TEMPLATE = { code: 'BATCH_SHIPPED', body: '#{name}님, 주문 #{order}이 발송되었습니다.' };
const item = (n: number, overrides: Record<string, unknown> = {}) => ({
  to: `010-4242-${2000 + n}`,
  templateCode: TEMPLATE.code,
  variables: { name: `고객${n}`, order: `B-${n}` },
  ref: `batch-${n}`,
  ...overrides,
});

describe('POST /v1/notifications/batch', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body);
  });
  afterAll(() => stack.close());

  const postBatch = (notifications: unknown, headers: Record<string, string> = {}) =>
    stack.api.request('POST', '/v1/notifications/batch', { body: { notifications }, headers });

  it('stores and queues every notification, answers them in order, and each is delivered', async () => {
    const sent = [item(1), item(2), item(3)];
    const answer = await postBatch(sent);

    expect(answer.status).toBe(202);
    const ids = (answer.body as { notifications: Array<{ id: string; status: string }> }).notifications;
    expect(ids.map((entry) => entry.status)).toEqual(['pending', 'pending', 'pending']);
    for (const [index, { id }] of ids.entries()) {
      const row = await stack.untilStatus(id, 'delivered');
      expect(row).toMatchObject({
        recipient: `010****200${index + 1}`,
        ref: sent[index]!.ref,
        text: `고객${index + 1}님, 주문 B-${index + 1}이 발송되었습니다.`,
      });
      expect(row.history[0]).toMatchObject({ fromStatus: null, toStatus: 'pending', actor: 'api' });
    }
  });

  it.each([
    ['a bad phone number', [item(4), item(5, { to: '02-123-4567' })], 400, 'validation_failed', 'notifications.1.to'],
    ['an unknown template', [item(6), item(7), item(8, { templateCode: 'NOPE' })], 400, 'unknown_template', 'notifications.2.templateCode'],
    ['a missing variable', [item(9, { variables: { name: '고객' } })], 400, 'validation_failed', 'notifications.0.variables.order'],
    ['an unknown field', [item(10, { colour: 'red' })], 400, 'validation_failed', 'notifications.0'],
    ['no notifications', [], 400, 'validation_failed', 'notifications'],
    ['more than 1,000', Array.from({ length: 1001 }, (_, n) => item(n)), 400, 'validation_failed', 'notifications'],
  ])('refuses a batch with %s, naming the field, and stores none of it', async (_case, notifications, status, code, field) => {
    const before = await stack.api.countNotifications();
    const answer = await postBatch(notifications);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code, field } });
    expect(await stack.api.countNotifications()).toBe(before);
  });

  it('answers a repeated Idempotency-Key with the first answer and stores the batch once', async () => {
    const before = await stack.api.countNotifications();
    const headers = { 'idempotency-key': `batch-${Date.now()}` };
    const first = await postBatch([item(20), item(21)], headers);
    const again = await postBatch([item(20), item(21)], headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(await stack.api.countNotifications()).toBe(before + 2);
  });
});
