import { describe, expect, it } from '@jest/globals';
import type { DeliveryReport, ResultLookupEntry } from '../../../libs/vendor/src/protocol.js';
import { BULK_MAX_MESSAGES } from '../../../libs/vendor/src/protocol.js';
import { useSimFixture, validSend, validSms } from './support/sim-fixture.js';
import { sleep, until } from './support/sim-client.js';

/** mulberry32: the same sequence every run, so the dropped share is the same every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('vendor simulator: result lookup, dropped reports, refs without deduplication', () => {
  const f = useSimFixture({ random: seededRandom(16) });
  const lookup = (body: unknown, token = f.token) => f.client.lookup(token, body);
  const msgKeyOf = (answer: { body: Record<string, unknown> }) => answer.body['msgKey'] as string;

  describe('POST /v1/results', () => {
    it('answers unknown, pending and final refs in request order, final as its report says', async () => {
      const delivered = validSend();
      const failed = validSend({ to: '01012340001' });
      const deliveredKey = msgKeyOf(await f.client.send(f.token, delivered));
      const failedKey = msgKeyOf(await f.client.send(f.token, failed));
      f.sim.configure({ reportDelayMs: 60_000 });
      const pending = validSend();
      const pendingKey = msgKeyOf(await f.client.send(f.token, pending));
      await until(() => f.sim.stats().reportsSent === 2);

      const refs = [failed.ref, 'never-sent', pending.ref, delivered.ref];
      const { status, body } = await lookup({ channel: 'alimtalk', refs });

      expect(status).toBe(200);
      expect(body.code).toBe('A000');
      const reports = new Map(f.receiver.acceptedReports().map((report) => [report.ref, report]));
      const asFinal = ({ msgKey, ref, status: outcome, code, message, reportedAt }: DeliveryReport): ResultLookupEntry => ({
        ref,
        state: 'final',
        msgKey,
        status: outcome,
        code,
        message,
        reportedAt,
      });
      expect(body.results).toEqual([
        asFinal(reports.get(failed.ref)!),
        { ref: 'never-sent', state: 'unknown' },
        { ref: pending.ref, state: 'pending', msgKey: pendingKey },
        asFinal(reports.get(delivered.ref)!),
      ]);
      expect(body.results[0]).toMatchObject({ msgKey: failedKey, status: 'failed', code: 'K101' });
      expect(body.results[3]).toMatchObject({ msgKey: deliveredKey, status: 'delivered', code: 'R000' });
      expect(f.sim.stats()).toMatchObject({ lookups: 1, lookedUpRefs: 4, lookupsRefused: 0, requests: 3 });
    });

    it('answers final once the report is due even when no callback could be made', async () => {
      f.sim.configure({ reportUrl: null, reportDelayMs: 300, reportJitterMs: 0 });
      const request = validSend({ to: '01012340004' });
      await f.client.send(f.token, request);
      expect((await lookup({ channel: 'alimtalk', refs: [request.ref] })).body.results[0]!.state).toBe('pending');
      await sleep(Date.parse(f.sim.message(request.ref)!.reportDueAt) - Date.now() + 5);
      const { body } = await lookup({ channel: 'alimtalk', refs: [request.ref] });
      expect(body.results).toEqual([
        expect.objectContaining({ state: 'final', status: 'failed', code: 'P101', reportedAt: f.sim.message(request.ref)!.reportDueAt }),
      ]);
      expect(f.sim.message(request.ref)!.report).toBe('none');
    });

    it('looks refs up per channel: the failback SMS under the AlimTalk ref is its own message', async () => {
      const alimtalk = validSend({ to: '01012340001' });
      await f.client.send(f.token, alimtalk);
      const sms = validSms({ to: alimtalk.to, ref: alimtalk.ref });
      const smsKey = msgKeyOf(await f.client.sendOn('sms', f.token, sms));
      const other = validSend();
      await f.client.send(f.token, other);
      await until(() => f.sim.stats().reportsSent === 3);

      const { body } = await lookup({ channel: 'sms', refs: [alimtalk.ref, other.ref] });
      expect(body.results).toEqual([
        expect.objectContaining({ ref: alimtalk.ref, state: 'final', msgKey: smsKey, status: 'delivered', code: 'R000' }),
        { ref: other.ref, state: 'unknown' },
      ]);
    });

    it.each<[string, unknown, string]>([
      ['malformed JSON', '{"channel": ', 'JSON'],
      ['a JSON array', '[]', ''],
      ['an unknown channel', { channel: 'email', refs: ['a'] }, 'channel'],
      ['no refs', { channel: 'alimtalk', refs: [] }, 'refs'],
      ['an empty ref', { channel: 'alimtalk', refs: ['a', ''] }, 'refs.1'],
      ['too many refs', { channel: 'alimtalk', refs: Array.from({ length: BULK_MAX_MESSAGES + 1 }, (_, i) => `r-${i}`) }, 'refs'],
    ])('refuses %s with 400 E102', async (_case, body, field) => {
      const answer = await lookup(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'E102', result: expect.stringContaining(field) });
      expect(f.sim.stats()).toMatchObject({ lookups: 0, lookupsRefused: 1, requests: 0, rejected: 0 });
    });

    it('refuses a lookup without a valid token with 401 E101, outside the send counters', async () => {
      for (const token of ['', 'not-a-token']) {
        const answer = await lookup({ channel: 'alimtalk', refs: ['a'] }, token);
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({ code: 'E101' });
      }
      expect(f.sim.stats()).toMatchObject({ lookups: 0, lookupsRefused: 2, unauthorized: 0, requests: 0 });
    });

    it('takes no slot of the send budget and has a budget of its own under lookupTps', async () => {
      f.sim.configure({ tps: 1 });
      for (let i = 0; i < 5; i++) expect((await lookup({ channel: 'alimtalk', refs: ['a'] })).status).toBe(200);
      expect((await f.client.send(f.token, validSend())).status).toBe(200);

      f.sim.configure({ lookupTps: 2 });
      const answers = await Promise.all(Array.from({ length: 4 }, () => lookup({ channel: 'alimtalk', refs: ['a'] })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 429, 429]);
      const limited = answers.find((answer) => answer.status === 429)!;
      expect(limited.body).toMatchObject({ code: 'E429', retryAfterMs: expect.any(Number) });
      expect(limited.headers['retry-after']).toBe('1');
      expect(f.sim.stats()).toMatchObject({ lookups: 7, lookupsRefused: 2, rateLimited: 0, maxPerSecond: 1 });
    });
  });

  describe('reportDropRate', () => {
    it('withholds about that share of callbacks, and the lookup still answers final for them', async () => {
      f.sim.configure({ reportDropRate: 0.3 });
      const requests = Array.from({ length: 200 }, () => validSend());
      for (const request of requests) expect((await f.client.send(f.token, request)).status).toBe(200);

      const { reportsDropped } = f.sim.stats();
      expect(reportsDropped).toBeGreaterThanOrEqual(40);
      expect(reportsDropped).toBeLessThanOrEqual(80);
      await until(() => f.sim.stats().reportsSent === 200 - reportsDropped);
      await sleep(60);
      expect(f.receiver.acceptedReports()).toHaveLength(200 - reportsDropped);
      expect(f.sim.stats()).toMatchObject({ reportsPending: 0, reportsFailed: 0 });

      const reported = new Set(f.receiver.acceptedReports().map((report) => report.ref));
      const dropped = requests.filter((request) => !reported.has(request.ref));
      expect(dropped).toHaveLength(reportsDropped);
      for (const request of dropped) expect(f.sim.message(request.ref)!.report).toBe('dropped');
      const { body } = await lookup({ channel: 'alimtalk', refs: dropped.map((request) => request.ref) });
      expect(body.results.map((result) => result.state)).toEqual(dropped.map(() => 'final'));
      expect(body.results[0]).toMatchObject({ ref: dropped[0]!.ref, status: 'delivered', code: 'R000', msgKey: f.sim.message(dropped[0]!.ref)!.msgKey });
    });

    it('drops no callback at 0 and every callback at 1', async () => {
      await f.client.send(f.token, validSend());
      f.sim.configure({ reportDropRate: 1 });
      await f.client.send(f.token, validSend());
      await until(() => f.sim.stats().reportsSent === 1);
      await sleep(60);
      expect(f.receiver.callbacks).toHaveLength(1);
      expect(f.sim.stats()).toMatchObject({ reportsDropped: 1, reportsSent: 1 });
    });
  });

  describe('dedupeRefs', () => {
    it('replays the first answer for a known ref by default', async () => {
      const request = validSend();
      const first = await f.client.send(f.token, request);
      const again = await f.client.send(f.token, request);
      expect(msgKeyOf(again)).toBe(msgKeyOf(first));
      expect(f.sim.stats()).toMatchObject({ uniqueMessages: 1, duplicateRefs: 1, duplicateMessages: 0 });
    });

    it('when false, accepts a repeated ref as a further message with its own msgKey and report, and counts it', async () => {
      f.sim.configure({ dedupeRefs: false });
      const request = validSend();
      const first = await f.client.send(f.token, request);
      const again = await f.client.send(f.token, request);

      expect(again.status).toBe(200);
      expect(msgKeyOf(again)).not.toBe(msgKeyOf(first));
      expect(f.sim.stats()).toMatchObject({ accepted: 2, uniqueMessages: 1, duplicateRefs: 1, duplicateMessages: 1, repeatedContent: 0 });
      await until(() => f.sim.stats().reportsSent === 2);
      expect(
        f.receiver
          .acceptedReports()
          .map((report) => report.msgKey)
          .sort(),
      ).toEqual([msgKeyOf(first), msgKeyOf(again)].sort());
      // The ref names the first message, in the control view and in the lookup.
      expect(f.sim.message(request.ref)).toMatchObject({ msgKey: msgKeyOf(first), timesSeen: 2, report: 'sent' });
      const { body } = await lookup({ channel: 'alimtalk', refs: [request.ref] });
      expect(body.results).toEqual([expect.objectContaining({ state: 'final', msgKey: msgKeyOf(first) })]);
    });

    it('when false, judges a repeated ref like any send: an invalid repeat is refused', async () => {
      f.sim.configure({ dedupeRefs: false });
      const request = validSend();
      await f.client.send(f.token, request);
      const refused = await f.client.send(f.token, { ...request, to: 'bad' });
      expect(refused.status).toBe(400);
      expect(f.sim.stats()).toMatchObject({ accepted: 1, rejected: 1, duplicateRefs: 0, duplicateMessages: 0 });
    });
  });
});
