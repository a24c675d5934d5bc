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
});
