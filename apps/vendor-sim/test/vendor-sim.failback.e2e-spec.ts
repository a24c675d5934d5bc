import { describe, expect, it } from '@jest/globals';
import { SIGNATURE_HEADER, type DeliveryReport, type LmsSendRequest, type SmsSendRequest } from '../../../libs/vendor/src/protocol.js';
import { isValidReportSignature } from '../../../libs/vendor/src/report-signature.js';
import { sleep, until } from './support/sim-client.js';
import { ACCOUNT, TEMPLATES, useSimFixture, validLms, validSend, validSms } from './support/sim-fixture.js';

/** Two bytes each in EUC-KR. */
const hangul = (count: number) => '가'.repeat(count);

describe('vendor simulator: SMS/LMS failback leg', () => {
  const f = useSimFixture();

  const reportsOn = (channel: DeliveryReport['channel']) => f.receiver.acceptedReports().filter((report) => report.channel === channel);

  it('accepts an SMS and posts a signed delivery report with channel sms', async () => {
    const request = validSms();
    const { status, body } = await f.client.sendOn('sms', f.token, request);
    expect(status).toBe(200);
    expect(body).toEqual({ code: 'A000', result: 'Success', msgKey: expect.any(String), ref: request.ref });

    await until(() => f.sim.stats().reportsSent === 1);
    const callback = f.receiver.callbacks[0]!;
    expect(isValidReportSignature(ACCOUNT.REPORT_SECRET, callback.rawBody, callback.headers[SIGNATURE_HEADER] as string)).toBe(true);
    expect(JSON.parse(callback.rawBody)).toEqual([
      {
        msgKey: body['msgKey'],
        ref: request.ref,
        channel: 'sms',
        status: 'delivered',
        code: 'R000',
        message: expect.any(String),
        reportedAt: expect.any(String),
      },
    ]);
    expect(f.sim.stats()).toMatchObject({ requests: 1, accepted: 1, uniqueMessages: 1, byChannel: { alimtalk: 0, sms: 1, lms: 0 } });

    const stored = await f.client.call('GET', `/_sim/messages/${encodeURIComponent(request.ref)}?channel=sms`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ channel: 'sms', ref: request.ref, to: request.to, text: request.text, msgKey: body['msgKey'], report: 'sent' });
    expect(stored.body).not.toHaveProperty('templateCode');
    // The default channel is AlimTalk, where this ref was never used.
    expect((await f.client.call('GET', `/_sim/messages/${encodeURIComponent(request.ref)}`)).status).toBe(404);
  });

  it('accepts an LMS, keeps its title and reports with channel lms', async () => {
    const request = validLms();
    const { status, body } = await f.client.sendOn('lms', f.token, request);
    expect(status).toBe(200);
    await until(() => f.sim.stats().reportsSent === 1);
    expect(f.receiver.acceptedReports()).toEqual([expect.objectContaining({ msgKey: body['msgKey'], ref: request.ref, channel: 'lms', code: 'R000' })]);
    expect(f.sim.message(request.ref, 'lms')).toMatchObject({ title: request.title, text: request.text, report: 'sent' });
    expect(f.sim.stats().byChannel).toEqual({ alimtalk: 0, sms: 0, lms: 1 });
  });

  describe('synchronous validation', () => {
    type Case = ['sms', string, string, SmsSendRequest | string] | ['lms', string, string, LmsSendRequest | string];
    it.each<Case>([
      ['sms', 'a 91-byte text (45 Hangul + 1 ASCII)', 'E108', validSms({ text: `${hangul(45)}!` })],
      ['sms', 'a 92-byte text (46 Hangul)', 'E108', validSms({ text: hangul(46) })],
      ['lms', 'a 2001-byte text', 'E108', validLms({ text: `${hangul(1000)}x` })],
      ['lms', 'a 41-byte title', 'E108', validLms({ title: `${hangul(20)}x` })],
      ['sms', 'malformed JSON', 'E102', '{"ref": '],
      ['sms', 'a missing text', 'E102', { ...validSms(), text: undefined } as unknown as SmsSendRequest],
      ['lms', 'a missing title', 'E102', validLms({ title: undefined })],
      ['sms', 'an unknown senderKey', 'E103', validSms({ senderKey: 'someone-elses-key' })],
      ['lms', 'a number with dashes', 'E104', validLms({ to: '010-1234-5678' })],
    ])('refuses on %s %s with 400 %s and accepts nothing', async (channel, _case, code, request) => {
      const { status, body } = await f.client.sendOn(channel, f.token, request);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code, result: expect.any(String) });
      expect(f.sim.stats()).toMatchObject({ requests: 1, rejected: 1, accepted: 0, uniqueMessages: 0, byChannel: { sms: 0, lms: 0 } });
    });

    it('accepts exactly the limits: a 90-byte SMS, a 2000-byte LMS with a 40-byte title', async () => {
      expect((await f.client.sendOn('sms', f.token, validSms({ text: hangul(45) }))).status).toBe(200);
      expect((await f.client.sendOn('lms', f.token, validLms({ title: hangul(20), text: hangul(1000) }))).status).toBe(200);
      expect(f.sim.stats().byChannel).toEqual({ alimtalk: 0, sms: 1, lms: 1 });
    });

    it('needs no approved template', async () => {
      f.sim.reset({ templates: true });
      try {
        expect((await f.client.sendOn('sms', f.token, validSms({ text: '아무 문구나 #{name}' }))).status).toBe(200);
        expect((await f.client.sendOn('lms', f.token, validLms())).status).toBe(200);
      } finally {
        for (const [code, body] of Object.entries(TEMPLATES)) f.sim.approveTemplate(code, body);
      }
    });
  });

  describe('ref idempotency per channel', () => {
    it('treats an SMS with the ref of an earlier AlimTalk message as a second message', async () => {
      const alimtalk = validSend();
      const sms = validSms({ ref: alimtalk.ref });
      const first = await f.client.send(f.token, alimtalk);
      const second = await f.client.sendOn('sms', f.token, sms);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body['msgKey']).not.toBe(first.body['msgKey']);
      expect(f.sim.stats()).toMatchObject({ accepted: 2, uniqueMessages: 2, duplicateRefs: 0, byChannel: { alimtalk: 1, sms: 1, lms: 0 } });
      expect(f.sim.message(alimtalk.ref, 'alimtalk')?.msgKey).toBe(first.body['msgKey']);
      expect(f.sim.message(alimtalk.ref, 'sms')?.msgKey).toBe(second.body['msgKey']);
      await until(() => f.sim.stats().reportsSent === 2);
      expect(f.receiver.acceptedReports().map((report) => [report.channel, report.ref])).toEqual(
        expect.arrayContaining([
          ['alimtalk', alimtalk.ref],
          ['sms', alimtalk.ref],
        ]),
      );
    });

    it('keeps SMS and LMS refs apart as well', async () => {
      const sms = validSms();
      expect((await f.client.sendOn('sms', f.token, sms)).status).toBe(200);
      expect((await f.client.sendOn('lms', f.token, validLms({ ref: sms.ref }))).status).toBe(200);
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 2, duplicateRefs: 0, byChannel: { sms: 1, lms: 1 } });
    });

    it('answers a repeated SMS ref with the first msgKey and sends one report', async () => {
      const request = validSms();
      const first = await f.client.sendOn('sms', f.token, request);
      // The ref alone decides, before validation, exactly as on AlimTalk: even a text
      // that is now too long gets the stored answer.
      const second = await f.client.sendOn('sms', f.token, { ...request, text: hangul(60) });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(f.sim.stats()).toMatchObject({ accepted: 2, uniqueMessages: 1, duplicateRefs: 1, byChannel: { sms: 1 } });

      await until(() => f.sim.stats().reportsSent === 1);
      await sleep(100); // long enough for a wrongly scheduled second report to arrive
      expect(reportsOn('sms')).toHaveLength(1);
      expect(f.sim.message(request.ref, 'sms')).toMatchObject({ timesSeen: 2, text: request.text });
    });

    it('accepts only one of many concurrent LMS requests with the same ref', async () => {
      const request = validLms();
      const answers = await Promise.all(Array.from({ length: 20 }, () => f.client.sendOn('lms', f.token, request)));
      expect(new Set(answers.map((answer) => answer.body['msgKey'])).size).toBe(1);
      expect(f.sim.stats()).toMatchObject({ accepted: 20, uniqueMessages: 1, duplicateRefs: 19, byChannel: { lms: 1 } });
    });
  });

  describe('outcomes', () => {
    it('fails a recipient ending 0001 on AlimTalk (K101) and delivers the failback SMS', async () => {
      const alimtalk = validSend({ to: '01012340001' });
      expect((await f.client.send(f.token, alimtalk)).status).toBe(200);
      await until(() => reportsOn('alimtalk').length === 1);
      expect(reportsOn('alimtalk')[0]).toMatchObject({ ref: alimtalk.ref, status: 'failed', code: 'K101' });

      // What Herald does on K101: the same notification, same ref, as an SMS.
      expect((await f.client.sendOn('sms', f.token, validSms({ to: alimtalk.to, ref: alimtalk.ref }))).status).toBe(200);
      await until(() => reportsOn('sms').length === 1);
      expect(reportsOn('sms')[0]).toMatchObject({ ref: alimtalk.ref, status: 'delivered', code: 'R000' });
    });

    it.each([
      ['sms', '01012340001', 'delivered', 'R000'],
      ['sms', '01012340002', 'delivered', 'R000'],
      ['sms', '01012340003', 'delivered', 'R000'],
      ['sms', '01112340004', 'failed', 'P101'],
      ['lms', '01012340002', 'delivered', 'R000'],
      ['lms', '01012340004', 'failed', 'P101'],
      ['lms', '01012345678', 'delivered', 'R000'],
    ] as const)('on %s reports the outcome chosen by the last digits of %s: %s %s', async (channel, to, status, code) => {
      const request = channel === 'sms' ? validSms({ to }) : validLms({ to });
      expect((await f.client.sendOn(channel, f.token, request)).status).toBe(200);
      await until(() => f.receiver.acceptedReports().length === 1);
      expect(f.receiver.acceptedReports()[0]).toMatchObject({ ref: request.ref, channel, status, code });
    });

    it('lists the outcome table per channel', async () => {
      const sms = await f.client.call<Array<{ lastDigits: string; code: string }>>('GET', '/_sim/outcomes?channel=sms');
      expect(sms.body.map((row) => [row.lastDigits, row.code])).toEqual([
        ['0004', 'P101'],
        ['any other', 'R000'],
      ]);
      const alimtalk = await f.client.call<Array<{ code: string }>>('GET', '/_sim/outcomes');
      expect(alimtalk.body.map((row) => row.code)).toEqual(['K101', 'K102', 'K103', 'P101', 'R000']);
      expect((await f.client.call('GET', '/_sim/outcomes?channel=fax')).status).toBe(400);
      expect((await f.client.call('GET', '/_sim/messages/x?channel=fax')).status).toBe(400);
    });
  });

  describe('one account: shared token, rate budget and faults', () => {
    it('shares the TPS cap across AlimTalk, SMS and LMS', async () => {
      f.sim.configure({ tps: 3 });
      expect((await f.client.send(f.token, validSend())).status).toBe(200);
      expect((await f.client.sendOn('sms', f.token, validSms())).status).toBe(200);
      expect((await f.client.sendOn('lms', f.token, validLms())).status).toBe(200);
      // The window is full, whichever channel asks next.
      for (const answer of [
        await f.client.send(f.token, validSend()),
        await f.client.sendOn('sms', f.token, validSms()),
        await f.client.sendOn('lms', f.token, validLms()),
      ]) {
        expect(answer.status).toBe(429);
        expect(answer.body).toMatchObject({ code: 'E429', retryAfterMs: expect.any(Number) });
      }
      expect(f.sim.stats()).toMatchObject({ maxPerSecond: 3, rateLimited: 3, uniqueMessages: 3, byChannel: { alimtalk: 1, sms: 1, lms: 1 } });
    });

    it('lets exactly tps through a concurrent burst mixed across channels', async () => {
      await Promise.all(Array.from({ length: 90 }, () => f.client.call('GET', '/health')));
      f.sim.configure({ tps: 30 });
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => [
          f.client.send(f.token, validSend()),
          f.client.sendOn('sms', f.token, validSms()),
          f.client.sendOn('lms', f.token, validLms()),
        ]).flat(),
      );
      const accepted = answers.filter((answer) => answer.status === 200).length;
      if (performance.now() - started < 1000) expect(accepted).toBe(30);
      else expect(accepted).toBeGreaterThanOrEqual(30); // a very slow machine spread the burst over two windows
      expect(f.sim.stats()).toMatchObject({ accepted, rateLimited: 90 - accepted, maxPerSecond: 30 });
    });

    it('refuses SMS and LMS without a valid token', async () => {
      expect((await f.client.sendOn('sms', 'not-a-token', validSms())).body).toMatchObject({ code: 'E101' });
      expect((await f.client.sendOn('lms', '', validLms())).status).toBe(401);
      expect(f.sim.stats()).toMatchObject({ unauthorized: 2, maxPerSecond: 0 });
    });

    it('refuses an SMS body over 64 KB with 413', async () => {
      expect((await f.client.sendOn('sms', f.token, validSms({ text: 'x'.repeat(70 * 1024) }))).status).toBe(413);
      expect(f.sim.stats()).toMatchObject({ rejected: 1, accepted: 0 });
    });

    it('errorRate=1 answers SMS and LMS 500 E500 and stores nothing', async () => {
      f.sim.configure({ errorRate: 1 });
      const sms = validSms();
      expect((await f.client.sendOn('sms', f.token, sms)).body).toMatchObject({ code: 'E500' });
      expect((await f.client.sendOn('lms', f.token, validLms())).status).toBe(500);
      expect(f.sim.stats()).toMatchObject({ serverErrors: 2, accepted: 0, uniqueMessages: 0 });

      f.sim.configure({ errorRate: 0 });
      expect((await f.client.sendOn('sms', f.token, sms)).status).toBe(200);
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 1, duplicateRefs: 0 });
    });

    it('timeoutRate=1 accepts the SMS but never answers; the retry gets the same msgKey', async () => {
      f.sim.configure({ timeoutRate: 1 });
      const request = validSms();
      await expect(f.client.sendOn('sms', f.token, request, AbortSignal.timeout(300))).rejects.toThrow();
      expect(f.sim.stats()).toMatchObject({ accepted: 1, uniqueMessages: 1, timeouts: 1, byChannel: { sms: 1 } });

      f.sim.configure({ timeoutRate: 0 });
      const retry = await f.client.sendOn('sms', f.token, request);
      expect(retry.body['msgKey']).toBe(f.sim.message(request.ref, 'sms')?.msgKey);
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 1, duplicateRefs: 1 });
    });

    it('adds latency before answering an LMS', async () => {
      f.sim.configure({ latencyMs: 150 });
      const started = Date.now();
      expect((await f.client.sendOn('lms', f.token, validLms())).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    });
  });

  it('reset forgets SMS refs and zeroes the per-channel counts', async () => {
    const request = validSms();
    await f.client.sendOn('sms', f.token, request);
    await f.client.call('POST', '/_sim/reset');
    expect(f.sim.stats().byChannel).toEqual({ alimtalk: 0, sms: 0, lms: 0 });
    expect(f.sim.message(request.ref, 'sms')).toBeUndefined();
  });

  it('answers 405 for the wrong method on the new routes', async () => {
    for (const path of ['/v1/send/sms', '/v1/send/lms']) {
      const wrong = await f.client.call('GET', path);
      expect(wrong.status).toBe(405);
      expect(wrong.headers['allow']).toBe('POST');
    }
  });
});
