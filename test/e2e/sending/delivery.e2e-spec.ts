import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NotificationStatus } from '../../../libs/domain/src/index.js';
import { signReportBody } from '../../../libs/vendor/src/index.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const TEMPLATE = { code: 'ORDER_SHIPPED', body: '#{name}님, 주문 #{order}이 발송되었습니다.' };

describe('one AlimTalk message from REST to delivered', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ workerEnv: { VENDOR_TIMEOUT_MS: '400' } });
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body);
  });
  afterAll(() => stack.close());

  const send = (to: string) => stack.send({ to, templateCode: TEMPLATE.code, variables: { name: '김철수', order: 'A-1' } });
  const read = (id: string) => stack.read(id);
  const untilStatus = (id: string, status: NotificationStatus) => stack.untilStatus(id, status);

  /** The vendor's report of one AlimTalk message, as the raw JSON it signs. */
  const reportBody = (row: { id: string; vendorMsgKey: string | null }, status: string, code: string) =>
    JSON.stringify({
      msgKey: row.vendorMsgKey,
      ref: row.id,
      channel: 'alimtalk',
      status,
      code,
      message: status,
      reportedAt: new Date().toISOString(),
    });

  const postReport = (raw: string, secret: string) =>
    stack.api.request('POST', '/v1/vendor/reports', { rawBody: raw, headers: { 'x-signature': signReportBody(secret, raw) } });

  it('goes pending → sending → sent → delivered, and its history shows each step', async () => {
    const id = await send('+82 10-2222-3333');
    const row = await untilStatus(id, 'delivered');
    expect(row).toMatchObject({ recipient: '010****3333', attempts: 1, lastCode: 'R000', vendorMsgKey: expect.any(String) });
    expect(row.history.map((event: any) => [event.fromStatus, event.toStatus, event.actor])).toEqual([
      [null, 'pending', 'api'],
      ['pending', 'sending', 'worker'],
      ['sending', 'sent', 'worker'],
      ['sent', 'delivered', 'vendor-report'],
    ]);
    const atVendor = stack.sim.message(id);
    expect(atVendor).toMatchObject({ to: '01022223333', text: '김철수님, 주문 A-1이 발송되었습니다.', msgKey: row.vendorMsgKey });
  });

  it('ends failed with the vendor code when the vendor reports a failure', async () => {
    const id = await send('010-5555-0004');
    const row = await untilStatus(id, 'failed');
    expect(row.lastCode).toBe('P101');
    expect(row.history.at(-1)).toMatchObject({ fromStatus: 'sent', toStatus: 'failed', actor: 'vendor-report', code: 'P101' });
  });

  it('ignores a repeated report: the row and its history stay as they were', async () => {
    const id = await send('010-7777-8888');
    const row = await untilStatus(id, 'delivered');
    const raw = reportBody(row, 'failed', 'K101');
    const answer = await postReport(raw, stack.api.config.REPORT_SECRET);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: 1 });
    await stack.untilReportsApplied();
    const after = await read(id);
    expect(after.status).toBe('delivered');
    expect(after.history).toHaveLength(row.history.length);
  });

  it('refuses a forged report for a sent message and applies the genuine one', async () => {
    stack.sim.configure({ reportDelayMs: 5000 });
    const id = await send('010-6666-7777');
    const sent = await untilStatus(id, 'sent');
    stack.sim.configure({ reportDelayMs: 100 });
    const raw = reportBody(sent, 'delivered', 'R000');
    const forged = await postReport(raw, 'not-the-report-secret');
    expect(forged.status).toBe(401);
    await stack.untilReportsApplied();
    const untouched = await read(id);
    expect(untouched.status).toBe('sent');
    expect(untouched.history).toHaveLength(sent.history.length);
    const genuine = await postReport(raw, stack.api.config.REPORT_SECRET);
    expect(genuine.body).toEqual({ received: 1 });
    await untilStatus(id, 'delivered');
  });

  it('retries a transient vendor error and then delivers', async () => {
    stack.sim.configure({ errorRate: 1 });
    const id = await send('010-3333-4444');
    await eventually(async () => ((await read(id)).history.some((event: any) => event.code === 'E500') ? true : undefined));
    stack.sim.configure({ errorRate: 0 });
    const row = await untilStatus(id, 'delivered');
    expect(row.attempts).toBeGreaterThan(1);
  });

  it('does not make a second message when the vendor accepted but the answer was lost', async () => {
    const before = stack.sim.stats();
    // The report must come after the retry, or it would settle the row before any re-send.
    stack.sim.configure({ timeoutRate: 1, reportDelayMs: 1500 });
    const id = await send('010-4444-5555');
    await eventually(async () => ((await read(id)).history.some((event: any) => event.code === 'timeout') ? true : undefined));
    stack.sim.configure({ timeoutRate: 0, reportDelayMs: 100 });
    const row = await untilStatus(id, 'delivered');
    expect(row.history.map((event: any) => event.toStatus)).toContain('sent');
    const after = stack.sim.stats();
    expect(after.uniqueMessages - before.uniqueMessages).toBe(1);
    // The retry asked the vendor first (it had the message), so nothing was sent again:
    // no repeated ref for the vendor to deduplicate.
    expect(after.lookedUpRefs - before.lookedUpRefs).toBeGreaterThanOrEqual(1);
    expect(after.duplicateRefs - before.duplicateRefs).toBe(0);
  });

  it('sends concurrent messages in bulk calls, and settles each by its own answer', async () => {
    // Known to Herald, never approved at the vendor: that message alone is refused (E105, permanent).
    const unapproved = { code: 'NOT_AT_VENDOR', body: '#{name}님, 승인되지 않은 템플릿' };
    expect((await stack.api.request('POST', '/v1/templates', { body: unapproved })).status).toBe(201);
    const before = stack.sim.stats();

    const good = await Promise.all(['010-1000-1001', '010-1000-1002', '010-1000-1003', '010-1000-1004'].map((to) => send(to)));
    const refused = await stack.send({ to: '010-1000-1005', templateCode: unapproved.code, variables: { name: '김철수' } });

    for (const id of good) await untilStatus(id, 'delivered');
    const dead = await untilStatus(refused, 'dead');
    expect(dead).toMatchObject({ lastCode: 'E105', attempts: 1 });
    const after = stack.sim.stats();
    expect(after.uniqueMessages - before.uniqueMessages).toBe(4);
    expect(after.rejected - before.rejected).toBe(1);
    // Every AlimTalk message went through the bulk endpoint (VENDOR_BULK_MAX defaults to 100).
    expect(after.bulkRequests - before.bulkRequests).toBeGreaterThanOrEqual(1);
    expect(after.requests - before.requests).toBe(5);
  });
});
