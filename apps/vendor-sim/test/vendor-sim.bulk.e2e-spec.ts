import { describe, expect, it } from '@jest/globals';
import { BULK_MAX_MESSAGES, type BulkSendResponse } from '../../../libs/vendor/src/protocol.js';
import { useSimFixture, validSend } from './support/sim-fixture.js';
import { until } from './support/sim-client.js';

describe('vendor simulator: bulk sends', () => {
  const f = useSimFixture();
  const bulk = (messages: unknown, token = f.token, signal?: AbortSignal) =>
    f.client.call<BulkSendResponse>('POST', '/v1/send/alimtalk/bulk', { headers: { authorization: `Bearer ${token}` }, body: { messages }, signal });

  it('judges each message as the single endpoint would, in order', async () => {
    const known = validSend();
    const first = await f.client.send(f.token, known);
    const messages = [validSend(), known, validSend({ templateCode: 'NOT_APPROVED' }), validSend({ to: 'bad' }), validSend()];

    const { status, body } = await bulk(messages);

    expect(status).toBe(200);
    expect(body.code).toBe('A000');
    expect(body.results).toEqual([
      { status: 200, code: 'A000', result: 'Success', msgKey: expect.any(String), ref: messages[0]!.ref },
      // A replayed ref gets the msgKey of its first acceptance.
      { status: 200, code: 'A000', result: 'Success', msgKey: first.body['msgKey'], ref: known.ref },
      { status: 400, code: 'E105', result: expect.any(String), ref: messages[2]!.ref },
      { status: 400, code: 'E104', result: expect.any(String), ref: messages[3]!.ref },
      { status: 200, code: 'A000', result: 'Success', msgKey: expect.any(String), ref: messages[4]!.ref },
    ]);
    expect(f.sim.message(messages[0]!.ref)).toMatchObject({ to: messages[0]!.to, text: messages[0]!.text });
    expect(f.sim.stats()).toMatchObject({ requests: 6, bulkRequests: 1, accepted: 4, uniqueMessages: 3, duplicateRefs: 1, rejected: 2 });
    // Each accepted message gets its own delivery report.
    await until(() => f.sim.stats().reportsSent === 3);
  });

  it('spends one slot of the TPS budget per message, not per request', async () => {
    f.sim.configure({ tps: 3 });
    const { body } = await bulk([validSend(), validSend(), validSend(), validSend(), validSend()]);

    expect(body.results.map((result) => result.status)).toEqual([200, 200, 200, 429, 429]);
    const limited = body.results[3]!;
    expect(limited).toMatchObject({ code: 'E429', retryAfterMs: expect.any(Number) });
    expect(f.sim.stats()).toMatchObject({ uniqueMessages: 3, rateLimited: 2, maxPerSecond: 3 });
    expect((await f.client.send(f.token, validSend())).status).toBe(429);
  });

  it('refuses a request as a whole without a token, with a bad envelope, or when too large', async () => {
    expect((await bulk([validSend()], 'not-a-token')).status).toBe(401);
    for (const messages of [[], 'not-a-list', Array.from({ length: BULK_MAX_MESSAGES + 1 }, () => ({ ref: 'x' }))]) {
      const { status, body } = await bulk(messages);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'E102', result: expect.stringContaining('messages') });
    }
    expect(f.sim.stats()).toMatchObject({ uniqueMessages: 0, bulkRequests: 0, unauthorized: 1, rejected: 3 });
  });

  it('fails or holds the whole request under fault injection', async () => {
    f.sim.configure({ errorRate: 1 });
    expect((await bulk([validSend(), validSend()])).status).toBe(500);
    expect(f.sim.stats()).toMatchObject({ uniqueMessages: 0, serverErrors: 1 });

    f.sim.configure({ errorRate: 0, timeoutRate: 1 });
    const messages = [validSend(), validSend()];
    await expect(bulk(messages, f.token, AbortSignal.timeout(300))).rejects.toThrow();
    expect(f.sim.stats()).toMatchObject({ uniqueMessages: 2, timeouts: 1 });
    // Accepted though unanswered: the client's retry of the same refs is deduplicated.
    f.sim.configure({ timeoutRate: 0 });
    const retry = await bulk(messages);
    expect(retry.body.results.map((result) => result.status)).toEqual([200, 200]);
    expect(f.sim.stats()).toMatchObject({ uniqueMessages: 2, duplicateRefs: 2 });
  });
});
