import { describe, expect, it } from '@jest/globals';
import { ACCOUNT, useSimFixture, validSend } from './support/sim-fixture.js';
import { sleep, until } from './support/sim-client.js';

describe('vendor simulator: rate limit, fault injection, control routes', () => {
  const f = useSimFixture();

  describe('TPS cap', () => {
    it('lets exactly tps through a concurrent burst and answers the rest 429 with Retry-After', async () => {
      // Open the sockets first so the burst is only requests, not 200 TCP handshakes.
      await Promise.all(Array.from({ length: 200 }, () => f.client.call('GET', '/health')));
      await f.client.call('PUT', '/_sim/config', { body: { tps: 50 } });
      const burstStarted = performance.now();
      const answers = await Promise.all(Array.from({ length: 200 }, () => f.client.send(f.token, validSend())));
      const again = await Promise.all(Array.from({ length: 20 }, () => f.client.send(f.token, validSend())));
      const burstMs = performance.now() - burstStarted;

      const accepted = answers.filter((answer) => answer.status === 200);
      const limited = [...answers, ...again].filter((answer) => answer.status === 429);
      expect(accepted.length + limited.length).toBe(220);
      if (burstMs < 1000) {
        // Everything happened inside one second: exactly tps may pass.
        expect(accepted).toHaveLength(50);
        expect(limited).toHaveLength(170);
      } else {
        // A very slow machine spread the burst over more than a window; the cap still holds per window.
        expect(accepted.length).toBeGreaterThanOrEqual(50);
      }
      for (const answer of limited) {
        const retryAfterMs = answer.body['retryAfterMs'] as number;
        expect(answer.body['code']).toBe('E429');
        expect(Number.isInteger(retryAfterMs)).toBe(true);
        expect(retryAfterMs).toBeGreaterThan(0);
        expect(retryAfterMs).toBeLessThanOrEqual(1000);
        expect(answer.headers['retry-after']).toBe(String(Math.ceil(retryAfterMs / 1000)));
      }
      expect(f.sim.stats()).toMatchObject({ accepted: accepted.length, rateLimited: limited.length, maxPerSecond: 50 });

      // The 429s consumed no slot, so the advertised wait is exactly enough.
      const last = limited.at(-1)!;
      await sleep((last.body['retryAfterMs'] as number) + 5);
      expect((await f.client.send(f.token, validSend())).status).toBe(200);
      expect(f.sim.stats().maxPerSecond).toBe(50);
    });

    it('counts refused, duplicate and failed requests against the cap too', async () => {
      f.sim.configure({ tps: 3 });
      const request = validSend();
      expect((await f.client.send(f.token, request)).status).toBe(200);
      expect((await f.client.send(f.token, request)).status).toBe(200);
      expect((await f.client.send(f.token, validSend({ to: 'bad' }))).status).toBe(400);
      expect((await f.client.send(f.token, validSend())).status).toBe(429);
      expect((await f.client.send('bad-token', validSend())).status).toBe(401);
      expect(f.sim.stats()).toMatchObject({ maxPerSecond: 3, rateLimited: 1, unauthorized: 1 });
    });
  });

  describe('report callbacks', () => {
    it('retries a callback the receiver first answers 500, with the same signed body', async () => {
      f.receiver.answerWith((attempt) => (attempt === 1 ? 500 : 200));
      const request = validSend();
      expect((await f.client.send(f.token, request)).status).toBe(200);
      await until(() => f.sim.stats().reportsSent === 1);
      expect(f.receiver.callbacks.map((callback) => callback.status)).toEqual([500, 200]);
      expect(f.receiver.callbacks[1]!.rawBody).toBe(f.receiver.callbacks[0]!.rawBody);
      expect(f.receiver.callbacks[1]!.headers['x-signature']).toBe(f.receiver.callbacks[0]!.headers['x-signature']);
      expect(f.sim.stats()).toMatchObject({ reportsSent: 1, reportsFailed: 0, reportsPending: 0 });
      expect(f.sim.message(request.ref)?.report).toBe('sent');
    });

    it('gives up after the last attempt and counts the report as failed', async () => {
      f.receiver.answerWith(() => 503);
      const request = validSend();
      await f.client.send(f.token, request);
      await until(() => f.sim.stats().reportsFailed === 1);
      expect(f.receiver.callbacks).toHaveLength(3);
      expect(f.sim.stats()).toMatchObject({ reportsSent: 0, reportsPending: 0 });
      expect(f.sim.message(request.ref)?.report).toBe('failed');
    });

    it('retries when the receiver cannot be reached at all', async () => {
      f.sim.configure({ reportUrl: 'http://127.0.0.1:1/reports' });
      await f.client.send(f.token, validSend());
      expect(f.sim.stats().reportsPending).toBe(1);
      await until(() => f.sim.stats().reportsFailed === 1);
    });
  });

  describe('fault injection', () => {
    it('errorRate=1 answers 500 E500 and accepts nothing', async () => {
      f.sim.configure({ errorRate: 1 });
      const request = validSend();
      const { status, body } = await f.client.send(f.token, request);
      expect(status).toBe(500);
      expect(body).toMatchObject({ code: 'E500' });
      expect(f.sim.stats()).toMatchObject({ serverErrors: 1, accepted: 0, uniqueMessages: 0 });

      f.sim.configure({ errorRate: 0 });
      await sleep(60);
      expect(f.receiver.callbacks).toHaveLength(0);
      // Nothing was stored, so the retry is a first acceptance, not a duplicate.
      expect((await f.client.send(f.token, request)).status).toBe(200);
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 1, duplicateRefs: 0 });
    });

    it('timeoutRate=1 accepts the message but never answers; the retry gets the same msgKey', async () => {
      f.sim.configure({ timeoutRate: 1 });
      const request = validSend();
      await expect(f.client.send(f.token, request, AbortSignal.timeout(300))).rejects.toThrow();
      expect(f.sim.stats()).toMatchObject({ accepted: 1, uniqueMessages: 1, timeouts: 1 });
      await until(() => f.sim.stats().reportsSent === 1);

      f.sim.configure({ timeoutRate: 0 });
      const retry = await f.client.send(f.token, request);
      expect(retry.status).toBe(200);
      expect(retry.body['msgKey']).toBe(f.sim.message(request.ref)?.msgKey);
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 1, duplicateRefs: 1 });
    });

    it('adds latency before answering', async () => {
      f.sim.configure({ latencyMs: 150 });
      const started = Date.now();
      expect((await f.client.send(f.token, validSend())).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    });
  });

  describe('control routes', () => {
    it('reads and changes the config, refusing bad input by field name', async () => {
      const changed = await f.client.call('PUT', '/_sim/config', { body: { tps: 77, reportBatchSize: 5 } });
      expect(changed.status).toBe(200);
      expect((await f.client.call('GET', '/_sim/config')).body).toMatchObject({ tps: 77, reportBatchSize: 5 });

      for (const [body, field] of [
        [{ errorRate: 2 }, 'errorRate'],
        [{ tps: 0 }, 'tps'],
        [{ reportUrl: 'ftp://nope' }, 'reportUrl'],
        [{ tsp: 5 }, 'tsp'],
      ] as const) {
        const refused = await f.client.call('PUT', '/_sim/config', { body });
        expect(refused.status).toBe(400);
        expect(refused.body['result']).toContain(field);
      }
      expect((await f.client.call('PUT', '/_sim/config', { rawBody: '{' })).status).toBe(400);
      expect(f.sim.config().tps).toBe(77);
    });

    it('approves, lists and withdraws templates', async () => {
      const approved = await f.client.call('PUT', '/_sim/templates/WELCOME', { body: { body: '#{name}님 환영합니다' } });
      expect(approved.body).toMatchObject({ code: 'WELCOME', variables: ['name'] });
      expect((await f.client.call('PUT', '/_sim/templates/EMPTY', { body: { body: '' } })).status).toBe(400);
      const listed = await f.client.call<Array<{ code: string }>>('GET', '/_sim/templates');
      expect(listed.body.map((template) => template.code)).toEqual(expect.arrayContaining(['ORDER_SHIPPED', 'WELCOME']));
      expect((await f.client.send(f.token, validSend({ templateCode: 'WELCOME', text: '홍길동님 환영합니다' }))).status).toBe(200);
      expect((await f.client.call('DELETE', '/_sim/templates/WELCOME')).status).toBe(200);
      expect((await f.client.send(f.token, validSend({ templateCode: 'WELCOME', text: '홍길동님 환영합니다' }))).body['code']).toBe('E105');
    });

    it('resets stats, refs and pending reports but keeps templates unless asked', async () => {
      f.sim.configure({ reportDelayMs: 300 });
      const request = validSend();
      await f.client.send(f.token, request);
      expect(f.sim.stats().reportsPending).toBe(1);

      const reset = await f.client.call('POST', '/_sim/reset');
      expect(reset.status).toBe(200);
      expect(f.sim.stats()).toMatchObject({ requests: 0, accepted: 0, uniqueMessages: 0, reportsPending: 0, maxPerSecond: 0 });
      expect(f.sim.message(request.ref)).toBeUndefined();
      await sleep(350);
      expect(f.receiver.callbacks).toHaveLength(0);

      expect((await f.client.call<unknown[]>('GET', '/_sim/templates')).body.length).toBeGreaterThan(0);
      await f.client.call('POST', '/_sim/reset', { body: { templates: true } });
      expect((await f.client.call<unknown[]>('GET', '/_sim/templates')).body).toEqual([]);
      f.sim.approveTemplate('ORDER_SHIPPED', '[Herald] #{name}님, 주문 #{orderId}이(가) 발송되었습니다.\n배송조회: #{url}');
      f.sim.approveTemplate('FREE_TEXT', '#{text}');
    });

    it('revokes tokens so clients must authenticate again', async () => {
      const { body } = await f.client.token(ACCOUNT.VENDOR_CLIENT_ID, ACCOUNT.VENDOR_CLIENT_SECRET);
      await f.client.call('POST', '/_sim/tokens/revoke');
      expect((await f.client.send(body.data.token, validSend())).status).toBe(401);
      f.token = (await f.client.token(ACCOUNT.VENDOR_CLIENT_ID, ACCOUNT.VENDOR_CLIENT_SECRET)).body.data.token;
    });

    it('answers 404 and 405 for unknown routes and methods', async () => {
      expect((await f.client.call('GET', '/v1/nowhere')).status).toBe(404);
      const wrong = await f.client.call('GET', '/v1/send/alimtalk');
      expect(wrong.status).toBe(405);
      expect(wrong.headers['allow']).toBe('POST');
    });
  });
});
