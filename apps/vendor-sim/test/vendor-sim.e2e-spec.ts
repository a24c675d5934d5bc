import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ALIMTALK_MAX_CHARS, SIGNATURE_HEADER, type DeliveryReport } from '../../../libs/vendor/src/protocol.js';
import { isValidReportSignature } from '../../../libs/vendor/src/report-signature.js';
import { ACCOUNT, useSimFixture, validSend } from './support/sim-fixture.js';
import { sleep, until } from './support/sim-client.js';

describe('vendor simulator: auth, sending, reports, idempotency', () => {
  const f = useSimFixture();

  it('answers health checks', async () => {
    expect((await f.client.call('GET', '/health')).status).toBe(200);
  });

  describe('token auth', () => {
    it('issues a bearer token for the right credentials', async () => {
      const { status, body } = await f.client.token(ACCOUNT.VENDOR_CLIENT_ID, ACCOUNT.VENDOR_CLIENT_SECRET);
      expect(status).toBe(200);
      expect(body).toMatchObject({ code: 'A000', result: 'Success', data: { schema: 'Bearer' } });
      const expiresIn = Date.parse(body.data.expired) - Date.now();
      expect(expiresIn).toBeGreaterThan(3_500_000);
      expect(expiresIn).toBeLessThanOrEqual(3_600_000);
      expect((await f.client.send(body.data.token, validSend())).status).toBe(200);
    });

    it.each([
      ['a wrong secret', ACCOUNT.VENDOR_CLIENT_ID, `${ACCOUNT.VENDOR_CLIENT_SECRET}x`],
      ['a wrong client id', 'someone-else', ACCOUNT.VENDOR_CLIENT_SECRET],
      ['no credentials', '', ''],
    ])('refuses %s with 401 E101', async (_case, clientId, secret) => {
      const { status, body } = await f.client.token(clientId, secret);
      expect(status).toBe(401);
      expect(body).toMatchObject({ code: 'E101' });
    });

    it('refuses sends without a valid, unexpired token', async () => {
      for (const token of ['', 'not-a-token']) {
        const { status, body } = await f.client.send(token, validSend());
        expect(status).toBe(401);
        expect(body).toMatchObject({ code: 'E101' });
      }
      f.sim.configure({ tokenTtlMs: 50 });
      const shortLived = (await f.client.token(ACCOUNT.VENDOR_CLIENT_ID, ACCOUNT.VENDOR_CLIENT_SECRET)).body.data.token;
      expect((await f.client.send(shortLived, validSend())).status).toBe(200);
      await sleep(80);
      expect((await f.client.send(shortLived, validSend())).status).toBe(401);
      expect(f.sim.stats()).toMatchObject({ unauthorized: 3, uniqueMessages: 1 });
    });
  });

  it('accepts a message and posts a signed delivery report', async () => {
    const request = validSend();
    const { status, body } = await f.client.send(f.token, request);
    expect(status).toBe(200);
    expect(body).toEqual({ code: 'A000', result: 'Success', msgKey: expect.any(String), ref: request.ref });

    await until(() => f.receiver.callbacks.length === 1);
    const callback = f.receiver.callbacks[0]!;
    expect(callback.headers['content-type']).toBe('application/json');
    // Verified two ways: with the shared helper and with an independent HMAC.
    const expected = `sha256=${createHmac('sha256', ACCOUNT.REPORT_SECRET).update(callback.rawBody).digest('hex')}`;
    expect(callback.headers[SIGNATURE_HEADER]).toBe(expected);
    expect(isValidReportSignature(ACCOUNT.REPORT_SECRET, callback.rawBody, callback.headers[SIGNATURE_HEADER] as string)).toBe(true);
    expect(isValidReportSignature('another-secret-entirely', callback.rawBody, callback.headers[SIGNATURE_HEADER] as string)).toBe(false);

    const reports = JSON.parse(callback.rawBody) as DeliveryReport[];
    expect(reports).toEqual([
      {
        msgKey: body['msgKey'],
        ref: request.ref,
        channel: 'alimtalk',
        status: 'delivered',
        code: 'R000',
        message: expect.any(String),
        reportedAt: expect.any(String),
      },
    ]);
    await until(() => f.sim.stats().reportsSent === 1);
    expect(f.sim.stats()).toMatchObject({ requests: 1, accepted: 1, uniqueMessages: 1, reportsSent: 1, reportsPending: 0 });

    const stored = await f.client.call('GET', `/_sim/messages/${encodeURIComponent(request.ref)}`);
    expect(stored.body).toMatchObject({
      ref: request.ref,
      to: request.to,
      templateCode: request.templateCode,
      text: request.text,
      msgKey: body['msgKey'],
      timesSeen: 1,
      outcome: { status: 'delivered', code: 'R000' },
      report: 'sent',
    });
    expect((await f.client.call('GET', '/_sim/messages/never-sent')).status).toBe(404);
  });

  describe('synchronous validation', () => {
    const longText = 'x'.repeat(ALIMTALK_MAX_CHARS + 1);
    it.each<[string, string, ReturnType<typeof validSend> | string]>([
      ['malformed JSON', 'E102', '{"senderKey": '],
      ['a JSON array', 'E102', '[]'],
      ['a missing field', 'E102', { ...validSend(), text: undefined } as unknown as ReturnType<typeof validSend>],
      ['an empty ref', 'E102', validSend({ ref: '' })],
      ['an unknown senderKey', 'E103', validSend({ senderKey: 'someone-elses-key' })],
      ['a landline number', 'E104', validSend({ to: '0212345678' })],
      ['a number with dashes', 'E104', validSend({ to: '010-1234-5678' })],
      ['a too short number', 'E104', validSend({ to: '010123456' })],
      ['an unknown template', 'E105', validSend({ templateCode: 'NOT_APPROVED' })],
      ['a text that differs from the template', 'E106', validSend({ text: '[Herald] 홍길동님, 주문이 발송되었습니다.' })],
      ['an unfilled placeholder', 'E106', validSend({ text: '[Herald] 님, 주문 A-1이(가) 발송되었습니다.\n배송조회: u' })],
      ['a text over the limit', 'E107', validSend({ templateCode: 'FREE_TEXT', text: longText })],
    ])('refuses %s with 400 %s and accepts nothing', async (_case, code, request) => {
      const { status, body } = await f.client.send(f.token, request);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code, result: expect.any(String) });
      expect(f.sim.stats()).toMatchObject({ requests: 1, rejected: 1, accepted: 0, uniqueMessages: 0 });
    });

    it('names the missing field', async () => {
      const { body } = await f.client.send(f.token, { ...validSend(), to: undefined });
      expect(body['result']).toContain('to');
    });

    it('accepts exactly the limit, counting characters not UTF-16 units', async () => {
      const emoji = '😀'.repeat(ALIMTALK_MAX_CHARS);
      expect((await f.client.send(f.token, validSend({ templateCode: 'FREE_TEXT', text: emoji }))).status).toBe(200);
    });

    it('refuses a body over 64 KB with 413', async () => {
      const { status } = await f.client.send(f.token, validSend({ text: 'x'.repeat(70 * 1024) }));
      expect(status).toBe(413);
      expect(f.sim.stats()).toMatchObject({ rejected: 1, accepted: 0 });
    });

    it('does not remember the ref of a refused request', async () => {
      const request = validSend({ to: 'not-a-phone' });
      expect((await f.client.send(f.token, request)).status).toBe(400);
      expect((await f.client.send(f.token, { ...request, to: '01012345678' })).status).toBe(200);
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 1, duplicateRefs: 0 });
    });
  });

  describe('ref idempotency', () => {
    it('answers a repeated ref with the first msgKey and never makes a second message', async () => {
      const request = validSend();
      const first = await f.client.send(f.token, request);
      // Even with a different text: the ref alone decides.
      const second = await f.client.send(f.token, { ...request, text: 'something else entirely' });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(f.sim.stats()).toMatchObject({ accepted: 2, uniqueMessages: 1, duplicateRefs: 1 });

      await until(() => f.sim.stats().reportsSent === 1);
      await sleep(100); // long enough for a wrongly scheduled second report to arrive
      expect(f.receiver.acceptedReports().filter((report) => report.ref === request.ref)).toHaveLength(1);
      expect(f.sim.message(request.ref)?.timesSeen).toBe(2);
    });

    it('accepts only one of many concurrent requests with the same ref', async () => {
      const request = validSend();
      const answers = await Promise.all(Array.from({ length: 20 }, () => f.client.send(f.token, request)));
      expect(new Set(answers.map((answer) => answer.body['msgKey'])).size).toBe(1);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(f.sim.stats()).toMatchObject({ accepted: 20, uniqueMessages: 1, duplicateRefs: 19 });
      await until(() => f.sim.stats().reportsSent === 1);
      await sleep(100);
      expect(f.receiver.callbacks).toHaveLength(1);
    });
  });

  it.each([
    ['01012340001', 'failed', 'K101'],
    ['01012340002', 'failed', 'K102'],
    ['01012340003', 'failed', 'K103'],
    ['01112340004', 'failed', 'P101'],
    ['01012340005', 'delivered', 'R000'],
  ])('reports the outcome chosen by the last digits of %s: %s %s', async (to, status, code) => {
    const request = validSend({ to });
    expect((await f.client.send(f.token, request)).status).toBe(200);
    await until(() => f.receiver.acceptedReports().length === 1);
    expect(f.receiver.acceptedReports()[0]).toMatchObject({ ref: request.ref, status, code });
  });

  it('batches reports that fall due together when the batch size allows', async () => {
    f.sim.configure({ reportBatchSize: 10, reportJitterMs: 0 });
    const requests = Array.from({ length: 6 }, () => validSend());
    await Promise.all(requests.map((request) => f.client.send(f.token, request)));
    await until(() => f.sim.stats().reportsSent === 6);
    expect(f.receiver.callbacks.length).toBeLessThan(6);
    expect(
      f.receiver
        .acceptedReports()
        .map((report) => report.ref)
        .sort(),
    ).toEqual(requests.map((r) => r.ref).sort());
    for (const callback of f.receiver.callbacks) {
      expect(isValidReportSignature(ACCOUNT.REPORT_SECRET, callback.rawBody, callback.headers[SIGNATURE_HEADER] as string)).toBe(true);
    }
  });

  it('keeps outcomes in memory only when no report URL is set', async () => {
    f.sim.configure({ reportUrl: null });
    const request = validSend({ to: '01012340002' });
    expect((await f.client.send(f.token, request)).status).toBe(200);
    await sleep(80);
    expect(f.receiver.callbacks).toHaveLength(0);
    expect(f.sim.stats()).toMatchObject({ reportsPending: 0, reportsSent: 0 });
    expect(f.sim.message(request.ref)).toMatchObject({ report: 'none', outcome: { code: 'K102' } });
  });
});
