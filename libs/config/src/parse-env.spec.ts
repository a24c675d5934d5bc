import { describe, expect, it } from '@jest/globals';
import { apiConfigSchema } from './app-configs.js';
import { ConfigError, parseEnv } from './parse-env.js';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/herald',
  REDIS_URL: 'redis://localhost:6379',
  HERALD_API_KEYS: 'first-key-0123456789, second-key-0123456789',
  REPORT_SECRET: 'a-report-secret-of-some-length',
  ADMIN_USER: 'operator',
  ADMIN_PASSWORD: 'an-admin-password-of-length',
};

describe('parseEnv', () => {
  it('applies defaults and splits lists', () => {
    const config = parseEnv(apiConfigSchema, valid);
    expect(config.PORT).toBe(3000);
    expect(config.HERALD_API_KEYS).toEqual(['first-key-0123456789', 'second-key-0123456789']);
  });

  it('limits each API key generously by default, and takes a fractional rate', () => {
    const config = parseEnv(apiConfigSchema, valid);
    expect([config.API_RATE_LIMIT_PER_SECOND, config.API_RATE_LIMIT_BURST]).toEqual([1000, 2000]);
    expect(parseEnv(apiConfigSchema, { ...valid, API_RATE_LIMIT_PER_SECOND: '0.5' }).API_RATE_LIMIT_PER_SECOND).toBe(0.5);
    expect(() => parseEnv(apiConfigSchema, { ...valid, API_RATE_LIMIT_PER_SECOND: '0' })).toThrow(/API_RATE_LIMIT_PER_SECOND/);
  });

  it('names every missing or malformed variable', () => {
    const attempt = () => parseEnv(apiConfigSchema, { ...valid, DATABASE_URL: 'mysql://x', PORT: 'eighty', REPORT_SECRET: '' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^DATABASE_URL: must be a postgres/m);
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^REPORT_SECRET: is required/m);
    }
  });

  it('refuses short API keys', () => {
    expect(() => parseEnv(apiConfigSchema, { ...valid, HERALD_API_KEYS: 'short' })).toThrow(/HERALD_API_KEYS/);
  });

  describe('Redis', () => {
    const { REDIS_URL: _url, ...withoutRedis } = valid;

    it('takes a cluster instead of one server: bare seeds, or URLs carrying credentials and TLS for every node', () => {
      const bare = parseEnv(apiConfigSchema, { ...withoutRedis, REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' });
      expect(bare.REDIS_CLUSTER_NODES).toEqual({
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
        ],
        tls: false,
      });
      const managed = parseEnv(apiConfigSchema, {
        ...withoutRedis,
        REDIS_CLUSTER_NODES: 'rediss://herald:s%40cret@clustercfg.example.com:6379,node-2.example.com:6379',
      });
      expect(managed.REDIS_CLUSTER_NODES).toMatchObject({ tls: true, username: 'herald', password: 's@cret' });
      expect(managed.REDIS_CLUSTER_NODES?.nodes).toHaveLength(2);
      expect(bare.SEND_QUEUE_SHARDS).toBe(1);
    });

    it('wants exactly one of REDIS_URL and REDIS_CLUSTER_NODES', () => {
      expect(() => parseEnv(apiConfigSchema, withoutRedis)).toThrow(/REDIS_URL: is required/);
      expect(() => parseEnv(apiConfigSchema, { ...valid, REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toThrow(/REDIS_URL: set either/);
    });

    it('names the bad seed without echoing its password, and refuses seeds that disagree', () => {
      let message = '';
      try {
        parseEnv(apiConfigSchema, { ...withoutRedis, REDIS_CLUSTER_NODES: '127.0.0.1:7000,redis://u:hunter2@bad-port:99999' });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/REDIS_CLUSTER_NODES: .*is not host:port/);
      expect(message).not.toContain('hunter2');
      expect(() => parseEnv(apiConfigSchema, { ...withoutRedis, REDIS_CLUSTER_NODES: 'redis://a:7000,rediss://b:7001' })).toThrow(/disagree/);
    });

    it('refuses a hash tag in QUEUE_PREFIX on a cluster, where Herald tags each queue itself', () => {
      expect(() => parseEnv(apiConfigSchema, { ...withoutRedis, REDIS_CLUSTER_NODES: '127.0.0.1:7000', QUEUE_PREFIX: '{herald}' })).toThrow(
        /QUEUE_PREFIX: must not contain/,
      );
      expect(parseEnv(apiConfigSchema, { ...valid, QUEUE_PREFIX: '{herald}' }).QUEUE_PREFIX).toBe('{herald}');
    });

    it('bounds SEND_QUEUE_SHARDS', () => {
      expect(parseEnv(apiConfigSchema, { ...valid, SEND_QUEUE_SHARDS: '4' }).SEND_QUEUE_SHARDS).toBe(4);
      expect(() => parseEnv(apiConfigSchema, { ...valid, SEND_QUEUE_SHARDS: '0' })).toThrow(/SEND_QUEUE_SHARDS/);
    });
  });
});
