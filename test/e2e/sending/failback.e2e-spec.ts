import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '../../support/test-stack.js';

const TEMPLATE = {
  code: 'DELIVERY_DONE',
  body: '#{name}님, 주문하신 상품이 배송 완료되었습니다.',
  failbackBody: '[Herald] #{name}님 배송완료',
};

describe('failback from AlimTalk to SMS/LMS', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body, TEMPLATE.failbackBody);
  });
  afterAll(() => stack.close());

  const legs = (row: any) => row.history.map((event: any) => [event.fromStatus, event.toStatus, event.actor, event.code]);

  it('delivers by SMS when the recipient is not a KakaoTalk user, with both legs in the history', async () => {
    const id = await stack.send({ to: '010-2000-0001', templateCode: TEMPLATE.code, variables: { name: '박민수' } });
    const row = await stack.untilStatus(id, 'delivered');
    expect(row).toMatchObject({ failbackChannel: 'sms', failbackText: '[Herald] 박민수님 배송완료', lastCode: 'R000' });
    expect(legs(row)).toEqual([
      [null, 'pending', 'api', null],
      ['pending', 'sending', 'worker', null],
      ['sending', 'sent', 'worker', 'A000'],
      ['sent', 'failed', 'vendor-report', 'K101'],
      ['failed', 'failback_sent', 'worker', 'A000'],
      ['failback_sent', 'delivered', 'vendor-report', 'R000'],
    ]);
    expect(stack.sim.message(id, 'alimtalk')?.msgKey).not.toBe(stack.sim.message(id, 'sms')?.msgKey);
    expect(stack.sim.message(id, 'sms')).toMatchObject({ text: '[Herald] 박민수님 배송완료' });
    const failbackJob = await stack.api.sendQueue.getJob(`${id}-failback`);
    expect(failbackJob?.name).toBe('failback → 010****0001');
    expect(failbackJob?.data).toMatchObject({ notificationId: id, leg: 'failback', to: '010****0001', templateCode: TEMPLATE.code });
  });

  it('uses LMS with a title for failback text over 90 bytes', async () => {
    const text = `${'긴 안내문입니다. '.repeat(10)}\n감사합니다.`;
    const id = await stack.send({
      to: '010-2000-0002',
      templateCode: TEMPLATE.code,
      variables: { name: '최지우' },
      failback: { text, title: '배송 안내' },
    });
    const row = await stack.untilStatus(id, 'delivered');
    expect(row.failbackChannel).toBe('lms');
    expect(stack.sim.message(id, 'lms')).toMatchObject({ title: '배송 안내', text });
  });

  it('does not fail back when the phone itself is unreachable', async () => {
    const id = await stack.send({ to: '010-2000-0004', templateCode: TEMPLATE.code, variables: { name: '정하늘' } });
    const row = await stack.untilStatus(id, 'failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stack.read(id)).status).toBe('failed');
    expect(row.lastCode).toBe('P101');
    expect(stack.sim.message(id, 'sms')).toBeUndefined();
  });

  it('ends failed, with no failback, for a template without failback text', async () => {
    await stack.registerTemplate('NO_FAILBACK', '#{name}님 안녕하세요');
    const id = await stack.send({ to: '010-2001-0001', templateCode: 'NO_FAILBACK', variables: { name: 'X' } });
    const row = await stack.untilStatus(id, 'failed');
    expect(row).toMatchObject({ lastCode: 'K101', failbackText: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.sim.message(id, 'sms')).toBeUndefined();
  });

  it('refuses failback text longer than an LMS, naming the field', async () => {
    const response = await stack.api.request('POST', '/v1/notifications', {
      body: { to: '010-2000-1002', templateCode: TEMPLATE.code, variables: { name: 'Y' }, failback: { text: '가'.repeat(1001) } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('failback.text');
  });
});
