import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { testQueuePrefix, testRedisUrl } from '../../../test/support/test-database.js';
import { luaCommand } from './lua-command.js';

describe('luaCommand against Redis', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it('runs by SHA, and again after Redis forgot its scripts (a restart)', async () => {
    const key = `${testQueuePrefix()}:lua`;
    const incrBy = luaCommand(redis, 'testIncrBy', "return redis.call('INCRBY', KEYS[1], ARGV[1])", 1);
    expect(await incrBy([key], [2])).toBe(2);
    await redis.script('FLUSH');
    expect(await incrBy([key], [3])).toBe(5);
  });

  it('refuses a call with the wrong number of keys', () => {
    const get = luaCommand(redis, 'testGet', "return redis.call('GET', KEYS[1])", 1);
    expect(() => get([], [])).toThrow('takes 1 key(s)');
  });
});
