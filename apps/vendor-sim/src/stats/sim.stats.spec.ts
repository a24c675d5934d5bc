import { describe, expect, it } from '@jest/globals';
import { SimCounters } from './sim.stats.js';

describe('SimCounters', () => {
  it('counts new messages in total and per channel together', () => {
    const counters = new SimCounters();
    counters.countNewMessage('alimtalk');
    counters.countNewMessage('sms');
    counters.countNewMessage('sms');
    expect(counters.snapshot()).toMatchObject({ uniqueMessages: 3, byChannel: { alimtalk: 1, sms: 2, lms: 0 } });
  });

  it('hands out snapshots that later counting does not change', () => {
    const counters = new SimCounters();
    const before = counters.snapshot();
    counters.countNewMessage('lms');
    counters.increment('requests');
    expect(before).toMatchObject({ requests: 0, uniqueMessages: 0, byChannel: { lms: 0 } });
  });

  it('resets every counter, per-channel ones included', () => {
    const counters = new SimCounters();
    counters.countNewMessage('lms');
    counters.increment('accepted');
    counters.reset();
    expect(counters.snapshot()).toMatchObject({ accepted: 0, uniqueMessages: 0, byChannel: { alimtalk: 0, sms: 0, lms: 0 } });
  });
});
