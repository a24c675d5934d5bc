import { describe, expect, it } from '@jest/globals';
import { simStatsDelta, type SimStats } from './sim-stats.js';

const stats = (over: Partial<SimStats> = {}): SimStats => ({
  uniqueMessages: 0,
  duplicateRefs: 0,
  repeatedContent: 0,
  rateLimited: 0,
  maxPerSecond: 0,
  byChannel: { alimtalk: 0, sms: 0, lms: 0 },
  ...over,
});

describe('one campaign’s share of the simulator’s counters', () => {
  it('subtracts what earlier campaigns left in them', () => {
    const before = stats({ uniqueMessages: 310, duplicateRefs: 2, repeatedContent: 1, rateLimited: 4, byChannel: { alimtalk: 300, sms: 7, lms: 3 } });
    const after = stats({
      uniqueMessages: 620,
      duplicateRefs: 5,
      repeatedContent: 1,
      rateLimited: 4,
      maxPerSecond: 180,
      byChannel: { alimtalk: 600, sms: 14, lms: 6 },
    });
    expect(simStatsDelta(before, after)).toEqual({
      uniqueMessages: 310,
      duplicateRefs: 3,
      repeatedContent: 0,
      rateLimited: 0,
      byChannel: { alimtalk: 300, sms: 7, lms: 3 },
      maxPerSecond: { exact: 180 },
    });
  });

  it('knows the peak second only when the campaign raised it', () => {
    expect(simStatsDelta(stats({ maxPerSecond: 90 }), stats({ maxPerSecond: 200 })).maxPerSecond).toEqual({ exact: 200 });
    expect(simStatsDelta(stats({ maxPerSecond: 200 }), stats({ maxPerSecond: 200 })).maxPerSecond).toEqual({ atMost: 200 });
  });
});
