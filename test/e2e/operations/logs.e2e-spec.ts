import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureJob, sendJob } from '../../../libs/queue/src/index.js';
import { captureLines } from '../../support/log-capture.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

/** The worker's JSON log lines, as it wrote them to stdout in production. */
describe('worker logs', () => {
  const workerLogs = captureLines();
  const lines = workerLogs.lines;
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ workerLogs });
    await stack.registerTemplate('HELLO', '#{name}님 안녕하세요');
  });
  afterAll(() => stack.close());

  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const logged = (match: (entry: Record<string, unknown>) => boolean, what: string) => eventually(async () => entries().find(match), 10_000, what);

  it('tag a failed attempt with notification, job and attempt, and never print the phone number', async () => {
    stack.sim.configure({ errorRate: 1 });
    let id: string;
    try {
      id = await stack.send({ to: '010-7300-1001', templateCode: 'HELLO', variables: { name: 'L' } });
      const failed = await logged(
        (entry) => entry.notificationId === id && String(entry.msg).startsWith('send attempt failed'),
        'a failed attempt to be logged',
      );
      expect(failed).toMatchObject({ level: 40, name: 'herald-worker', context: 'SendConsumer', jobId: id, queue: 'notifications-send', attempt: 1 });
    } finally {
      stack.sim.configure({ errorRate: 0 });
    }
    await stack.untilStatus(id, 'delivered');
    expect(lines.join('\n')).not.toMatch(/73001001|7300-1001/);
  });

  it("tag what a service logs while it runs a job with that job's fields, without passing them", async () => {
    const id = await stack.send({ to: '010-7300-1002', templateCode: 'HELLO', variables: { name: 'L' } });
    const row = await stack.untilStatus(id, 'delivered');
    // A stray second run of the finished job: AlimtalkLeg logs that it leaves the row alone.
    expect(await ensureJob(stack.api.sendQueue, sendJob(row, 'alimtalk', { attempts: 4 }))).toBe('retried');
    const skipped = await logged((entry) => entry.context === 'AlimtalkLeg' && entry.notificationId === id, 'the skipped run to be logged');
    expect(skipped).toMatchObject({ level: 30, jobId: id, attempt: 1, msg: `notification ${id} is delivered; not sending again` });
  });
});
