import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { startRedis, type RunningRedis } from '../../../libs/devstack/src/index.js';
import { luaCommand } from '../../../libs/rate-limit/src/lua-command.js';

describe('luaCommand against Redis', () => {
  // A Redis of this file's own: MONITOR on the shared one streams every other test's
  // commands too, and under a busy suite that stream overran ioredis's monitor mode.
  let server: RunningRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });

  it('runs by SHA, sending the script again only after Redis forgot it (a restart)', async () => {
    const key = 'herald-test:lua';
    // What Redis receives for this key, as MONITOR shows it.
    const watcher = new Redis(server.url);
    const monitor = await watcher.monitor();
    const received: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      const command = args[0]!.toLowerCase();
      if (args.includes(key) && command.startsWith('eval')) received.push(command);
    });
    try {
      const incrBy = luaCommand(redis, 'testIncrBy', "return redis.call('INCRBY', KEYS[1], ARGV[1])", 1);
      expect(await incrBy([key], [2])).toBe(2);
      await redis.script('FLUSH');
      expect(await incrBy([key], [3])).toBe(5);
      expect(await incrBy([key], [4])).toBe(9);
      // MONITOR's lines come on their own connection, maybe after the answers.
      for (let waited = 0; received.length < 4 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      // The script in full once, then by SHA; after the flush: NOSCRIPT, in full once more, then by SHA.
      expect(received).toEqual(['eval', 'evalsha', 'eval', 'evalsha']);
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }
  });

  it('refuses a call with the wrong number of keys', () => {
    const get = luaCommand(redis, 'testGet', "return redis.call('GET', KEYS[1])", 1);
    expect(() => get([], [])).toThrow('takes 1 key(s)');
  });
});
