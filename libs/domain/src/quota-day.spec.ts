import { describe, expect, it } from '@jest/globals';
import { dayOf, isTimeZone, secondsToNextDay } from './quota-day.js';

describe('quota day', () => {
  it('names the calendar day of the tenant time zone, not of UTC', () => {
    // 16:00 UTC is 01:00 the next day in Seoul (UTC+9).
    const at = new Date('2026-12-04T16:00:00Z');
    expect(dayOf(at, 'UTC')).toBe('2026-12-04');
    expect(dayOf(at, 'Asia/Seoul')).toBe('2026-12-05');
  });

  it('counts the seconds to the next local midnight', () => {
    // 23:59:30 in Seoul.
    expect(secondsToNextDay(new Date('2026-12-04T14:59:30Z'), 'Asia/Seoul')).toBe(30);
    // Exactly midnight: a whole day to go.
    expect(secondsToNextDay(new Date('2026-12-04T15:00:00Z'), 'Asia/Seoul')).toBe(86_400);
    expect(secondsToNextDay(new Date('2026-12-04T12:00:00Z'), 'UTC')).toBe(12 * 3600);
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
