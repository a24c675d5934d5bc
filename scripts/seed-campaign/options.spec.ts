import { describe, expect, it } from '@jest/globals';
import { parseOptions, UsageError } from './options.js';

describe('seed:campaign options', () => {
  it('runs on a stack of its own by default, with two workers', () => {
    expect(parseOptions([])).toEqual({ mode: 'own', recipients: 10_000, tps: 200, failRate: 0.02, workers: 2, concurrency: 100, chaos: false });
  });

  it('attaches with --local, taking URLs and a key that override what it would find', () => {
    expect(parseOptions(['--local', '--recipients', '300', '--api-url', 'http://127.0.0.1:3100/', '--api-key', 'k'])).toEqual({
      mode: 'local',
      recipients: 300,
      tps: 200,
      failRate: 0.02,
      apiUrl: 'http://127.0.0.1:3100',
      apiKey: 'k',
      simUrl: undefined,
    });
  });

  describe('with --local', () => {
    it.each(['--chaos', '--workers 3', '--concurrency 10'])('refuses %s, since npm start owns the worker', (option) => {
      const attempt = () => parseOptions(['--local', ...option.split(' ')]);
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(new RegExp(`${option.split(' ')[0]}: is not available with --local`));
    });
  });

  it('refuses the attach options without --local, and names a bad value', () => {
    expect(() => parseOptions(['--sim-url', 'http://127.0.0.1:4010'])).toThrow(/--sim-url: only applies with --local/);
    expect(() => parseOptions(['--local', '--api-url', 'localhost:3000'])).toThrow(/--api-url: must be an http\(s\) URL/);
    expect(() => parseOptions(['--tps', '0'])).toThrow(/--tps: /);
    expect(() => parseOptions(['--tsp', '5'])).toThrow(/Unknown option '--tsp'/);
  });
});
