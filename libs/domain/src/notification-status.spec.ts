import { describe, expect, it } from '@jest/globals';
import { allowedSources, canTransition, isFinal } from './notification-status.js';

describe('notification state machine', () => {
  it('moves a message along the happy path', () => {
    expect(canTransition('pending', 'sending')).toBe(true);
    expect(canTransition('sending', 'sent')).toBe(true);
    expect(canTransition('sent', 'delivered')).toBe(true);
  });

  it('never sends a final message again', () => {
    for (const final of ['delivered', 'cancelled', 'skipped', 'expired'] as const) {
      expect(isFinal(final)).toBe(true);
      expect(canTransition(final, 'sending')).toBe(false);
    }
    expect(allowedSources('sending')).toEqual(['pending', 'sending']);
  });

  it('refuses to turn a delivered message back into sent', () => {
    expect(canTransition('delivered', 'sent')).toBe(false);
    expect(allowedSources('sent')).toEqual(['sending']);
  });

  it('expires only a message waiting for its vendor result, and never revives it', () => {
    expect(allowedSources('expired')).toEqual(['sent', 'failback_sent']);
    expect(canTransition('expired', 'delivered')).toBe(false);
  });

  it('lets a delivery report overtake the write of sent', () => {
    expect(allowedSources('delivered')).toEqual(['sending', 'sent', 'failback_sent']);
  });
});
