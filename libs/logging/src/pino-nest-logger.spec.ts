import { afterEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { captureLines as capture } from '../../../test/support/log-capture.js';
import { loggingConfigSchema, parseEnv } from '../../config/src/index.js';
import { createAppLogger } from './create-logger.js';
import { jobLogFields, withLogContext } from './log-context.js';

const config = (env: Record<string, string> = {}) => parseEnv(loggingConfigSchema, env);

describe('the app logger behind Nest', () => {
  afterEach(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it("writes Nest Logger calls as JSON lines with level, context and the job's fields, phones masked", async () => {
    const out = capture();
    Logger.overrideLogger(await createAppLogger('herald-worker', config(), { destination: out }));
    const job = { id: 'n-1', queueName: 'notifications-send', attemptsMade: 2, data: { notificationId: 'n-1', campaignId: 'c-9' } };
    await withLogContext(jobLogFields(job), async () => {
      await Promise.resolve();
      new Logger('DeliveryService').warn('vendor refused 010-1234-5678: invalid phone 01098765432');
    });
    const line = JSON.parse(out.lines[0]!);
    expect(line).toMatchObject({
      level: 40,
      name: 'herald-worker',
      context: 'DeliveryService',
      msg: 'vendor refused 010****5678: invalid phone 010****5432',
      jobId: 'n-1',
      queue: 'notifications-send',
      notificationId: 'n-1',
      campaignId: 'c-9',
      attempt: 3,
    });
    expect(out.lines[0]).not.toMatch(/1234-5678|98765432/);
  });

  it('takes fields from an object message and keeps an error stack, masked too', async () => {
    const out = capture();
    Logger.overrideLogger(await createAppLogger('herald-api', config(), { destination: out }));
    new Logger('NotificationService').log({ msg: 'enqueue failed', notificationId: 'n-2', to: '01012345678' });
    new Logger('Queue').error('boom', 'Error: boom for 01012345678\n    at x', undefined);
    const [info, error] = out.lines.map((text) => JSON.parse(text));
    expect(info).toMatchObject({ level: 30, context: 'NotificationService', msg: 'enqueue failed', notificationId: 'n-2', to: '010****5678' });
    expect(error).toMatchObject({ level: 50, context: 'Queue', msg: 'boom' });
    expect(error.stack).toContain('boom for 010****5678');
  });

  it('honours LOG_LEVEL and the levels a test narrows it to', async () => {
    const out = capture();
    Logger.overrideLogger(await createAppLogger('herald-api', config({ LOG_LEVEL: 'warn' }), { destination: out }));
    new Logger('A').log('dropped by LOG_LEVEL');
    new Logger('A').warn('kept');
    Logger.overrideLogger(await createAppLogger('herald-api', config(), { destination: out, levels: ['error'] }));
    new Logger('A').warn('dropped by the levels');
    expect(out.lines.map((text) => JSON.parse(text).msg)).toEqual(['kept']);
  });

  it('writes readable lines instead of JSON when LOG_PRETTY is set or NODE_ENV is development', async () => {
    for (const env of [{ LOG_PRETTY: 'true' }, { NODE_ENV: 'development' }] as Array<Record<string, string>>) {
      const out = capture();
      Logger.overrideLogger(await createAppLogger('herald-api', config(env), { destination: out }));
      new Logger('Main').log('listening for 01012345678');
      expect(out.lines[0]).toMatch(/INFO.*listening for 010\*\*\*\*5678/);
      expect(() => JSON.parse(out.lines[0]!)).toThrow();
    }
    const out = capture();
    Logger.overrideLogger(await createAppLogger('herald-api', config({ NODE_ENV: 'development', LOG_PRETTY: 'false' }), { destination: out }));
    new Logger('Main').log('json again');
    expect(JSON.parse(out.lines[0]!).msg).toBe('json again');
  });

  it('refuses a log level it does not know, naming the variable', () => {
    expect(() => config({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => config({ LOG_PRETTY: 'yes' })).toThrow(/LOG_PRETTY/);
  });
});
