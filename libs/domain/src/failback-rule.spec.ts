import { describe, expect, it } from '@jest/globals';
import { failbackIsDue, type FailedMessage } from './failback-rule.js';

const failed: FailedMessage = { status: 'failed', failbackText: '[Herald] hello', code: 'K101', failedOn: 'alimtalk' };

describe('failbackIsDue', () => {
  it('sends the failback when AlimTalk could not reach the person and there is failback text', () => {
    expect(failbackIsDue(failed)).toBe(true);
  });

  it('does not for a failure SMS cannot fix (a bad number, rejected content)', () => {
    expect(failbackIsDue({ ...failed, code: 'E104' })).toBe(false);
  });

  it('does not without failback text, or without a code', () => {
    expect(failbackIsDue({ ...failed, failbackText: null })).toBe(false);
    expect(failbackIsDue({ ...failed, code: null })).toBe(false);
  });

  it('does not when the SMS/LMS leg itself failed, whatever its code', () => {
    expect(failbackIsDue({ ...failed, failedOn: 'sms' })).toBe(false);
    expect(failbackIsDue({ ...failed, failedOn: 'lms' })).toBe(false);
  });

  it('does not for a row that is not failed', () => {
    expect(failbackIsDue({ ...failed, status: 'delivered' })).toBe(false);
    expect(failbackIsDue({ ...failed, status: 'failback_sent' })).toBe(false);
  });
});
