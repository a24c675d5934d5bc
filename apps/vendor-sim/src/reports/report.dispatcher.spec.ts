import { describe, expect, it } from '@jest/globals';
import type { DeliveryReport } from '../../../../libs/vendor/src/protocol.js';
import { ReportDispatcher, type PendingReport, type ReportDispatcherSettings } from './report.dispatcher.js';
import type { ReportPoster } from './report.poster.js';

const settings: ReportDispatcherSettings = { flushIntervalMs: 5, maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 15, concurrency: 2 };
const report = (ref: string): PendingReport => ({
  msgKey: `k-${ref}`,
  ref,
  channel: 'alimtalk',
  status: 'delivered',
  code: 'R000',
  message: 'Delivered',
  reportedAt: '2026-01-01T00:00:00.000Z',
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

function harness(post: ReportPoster, batchSize = 1, url: string | null = 'http://receiver.test/reports') {
  const settled: Array<{ refs: string[]; settlement: string }> = [];
  const gaveUp: string[] = [];
  const dispatcher = new ReportDispatcher({
    settings,
    post,
    target: () => ({ url, batchSize }),
    onSettled: (reports, settlement) => settled.push({ refs: reports.map((r) => r.ref), settlement }),
    onGiveUp: (reports) => gaveUp.push(...reports.map((r) => r.ref)),
  });
  return { dispatcher, settled, gaveUp };
}

describe('ReportDispatcher', () => {
  it('waits for the delay, then posts a JSON array of the reports as scheduled', async () => {
    const bodies: DeliveryReport[][] = [];
    const { dispatcher, settled } = harness(async (_url, raw) => void bodies.push(JSON.parse(raw) as DeliveryReport[]));
    const started = performance.now();
    dispatcher.schedule(report('a'), 40);
    expect(dispatcher.pending).toBe(1);
    await until(() => settled.length === 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    expect(bodies[0]).toEqual([report('a')]);
    expect({ pending: dispatcher.pending, sent: dispatcher.sent, failed: dispatcher.failed }).toEqual({ pending: 0, sent: 1, failed: 0 });
  });

  it('batches reports that fall due together, up to the batch size', async () => {
    const sizes: number[] = [];
    const { dispatcher } = harness(async (_url, raw) => void sizes.push((JSON.parse(raw) as unknown[]).length), 2);
    for (const ref of ['a', 'b', 'c', 'd', 'e']) dispatcher.schedule(report(ref), 0);
    await until(() => dispatcher.sent === 5);
    expect(sizes.sort()).toEqual([1, 2, 2]);
  });

  it('keeps at most `concurrency` callbacks in flight', async () => {
    let inFlight = 0;
    let highest = 0;
    const { dispatcher } = harness(async () => {
      highest = Math.max(highest, ++inFlight);
      await sleep(10);
      inFlight--;
    });
    for (let i = 0; i < 8; i++) dispatcher.schedule(report(String(i)), 0);
    await until(() => dispatcher.sent === 8);
    expect(highest).toBe(2);
  });

  it('retries a failed callback with the same body, then succeeds', async () => {
    const bodies: string[] = [];
    const { dispatcher, settled } = harness(async (_url, raw) => {
      bodies.push(raw);
      if (bodies.length === 1) throw new Error('500');
    });
    dispatcher.schedule(report('a'), 0);
    await until(() => dispatcher.sent === 1);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect(settled).toEqual([{ refs: ['a'], settlement: 'sent' }]);
  });

  it('gives up after maxAttempts and counts the reports as failed', async () => {
    let attempts = 0;
    const { dispatcher, gaveUp } = harness(async () => {
      attempts++;
      throw new Error('down');
    });
    dispatcher.schedule(report('a'), 0);
    await until(() => dispatcher.failed === 1);
    expect(attempts).toBe(3);
    expect(gaveUp).toEqual(['a']);
    expect(dispatcher.pending).toBe(0);
  });

  it('drops reports when no URL is configured any more', async () => {
    const { dispatcher, settled } = harness(async () => undefined, 1, null);
    dispatcher.schedule(report('a'), 0);
    await until(() => settled.length === 1);
    expect(settled[0]!.settlement).toBe('dropped');
    expect(dispatcher.sent + dispatcher.failed + dispatcher.pending).toBe(0);
  });

  it('forgets everything on reset, including callbacks already in flight', async () => {
    let release: () => void = () => undefined;
    const { dispatcher } = harness(() => new Promise<void>((resolve) => (release = resolve)));
    dispatcher.schedule(report('a'), 0);
    dispatcher.schedule(report('b'), 1000);
    await sleep(30);
    dispatcher.reset();
    release();
    await sleep(10);
    expect({ pending: dispatcher.pending, sent: dispatcher.sent, failed: dispatcher.failed }).toEqual({ pending: 0, sent: 0, failed: 0 });
    dispatcher.close();
  });
});
