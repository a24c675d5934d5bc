import { describe, expect, it } from '@jest/globals';
import { VendorError } from '../../../../libs/vendor/src/index.js';
import { decideOnFailure, describeFailure, type AttemptContext } from './send-failure-policy.js';

const firstOfFour: AttemptContext = { attemptsMade: 0, attemptsAllowed: 4, mayWaitOutRateLimit: true };

describe('decideOnFailure', () => {
  describe('when the vendor answers 429', () => {
    it('waits it out without spending an attempt, even on the last one', () => {
      expect(decideOnFailure({ class: 'rate_limited' }, firstOfFour)).toEqual({ action: 'wait-out-rate-limit' });
      expect(decideOnFailure({ class: 'rate_limited' }, { ...firstOfFour, attemptsMade: 3 })).toEqual({ action: 'wait-out-rate-limit' });
    });

    it('counts as transient once the job was turned back too often', () => {
      const tooOften = { ...firstOfFour, mayWaitOutRateLimit: false };
      expect(decideOnFailure({ class: 'rate_limited' }, tooOften)).toEqual({ action: 'retry', nextAttempt: 1 });
      expect(decideOnFailure({ class: 'rate_limited' }, { ...tooOften, attemptsMade: 3 })).toEqual({ action: 'bury', classification: 'transient' });
    });
  });

  it('buries a permanent failure after its one call, however many attempts are left', () => {
    expect(decideOnFailure({ class: 'permanent' }, firstOfFour)).toEqual({ action: 'bury', classification: 'permanent' });
  });

  it('retries a transient failure with the next attempt number until the last attempt, which is buried', () => {
    expect(decideOnFailure({ class: 'transient' }, firstOfFour)).toEqual({ action: 'retry', nextAttempt: 1 });
    expect(decideOnFailure({ class: 'transient' }, { ...firstOfFour, attemptsMade: 2 })).toEqual({ action: 'retry', nextAttempt: 3 });
    expect(decideOnFailure({ class: 'transient' }, { ...firstOfFour, attemptsMade: 3 })).toEqual({ action: 'bury', classification: 'transient' });
  });

  it('buries at once when the budget is a single attempt', () => {
    expect(decideOnFailure({ class: 'transient' }, { ...firstOfFour, attemptsAllowed: 1 })).toEqual({ action: 'bury', classification: 'transient' });
  });
});

describe('describeFailure', () => {
  it("classifies the vendor's answer and keeps its code and Retry-After", () => {
    expect(describeFailure(new VendorError('http', 'slow down', 429, 'E429', 1500))).toEqual({
      class: 'rate_limited',
      code: 'E429',
      message: 'slow down',
      retryAfterMs: 1500,
    });
    expect(describeFailure(new VendorError('http', 'bad template', 400, 'E106')).class).toBe('permanent');
  });

  it('names a timeout or network failure by its kind, transient', () => {
    expect(describeFailure(new VendorError('timeout', 'no answer in 5000 ms'))).toMatchObject({ class: 'transient', code: 'timeout' });
  });

  it('treats any other error (ours, not the vendor’s) as transient', () => {
    expect(describeFailure(new Error('socket hang up'))).toMatchObject({ class: 'transient', code: 'error', message: 'socket hang up' });
  });
});
