import { describe, expect, it } from '@jest/globals';
import type { SendGate } from '../../../../libs/db/src/index.js';
import { campaignGateDecision } from './campaign-gate-rule.js';

const running: SendGate = { campaignStatus: 'running', rowStatus: 'pending', suppressedFor: null };

describe('campaignGateDecision', () => {
  it('sends a message of no campaign, and one of a running campaign', () => {
    expect(campaignGateDecision(undefined, 'alimtalk')).toEqual({ verdict: 'send' });
    expect(campaignGateDecision(running, 'alimtalk')).toEqual({ verdict: 'send' });
    expect(campaignGateDecision(running, 'failback')).toEqual({ verdict: 'send' });
  });

  it('holds every leg of a paused campaign', () => {
    expect(campaignGateDecision({ ...running, campaignStatus: 'paused' }, 'alimtalk')).toEqual({ verdict: 'paused' });
    expect(campaignGateDecision({ ...running, campaignStatus: 'paused', rowStatus: 'failed' }, 'failback')).toEqual({ verdict: 'paused' });
  });

  describe('when the campaign was cancelled', () => {
    it('cancels the AlimTalk leg, moving its row', () => {
      expect(campaignGateDecision({ ...running, campaignStatus: 'cancelled' }, 'alimtalk')).toEqual({ verdict: 'cancelled', moveRow: true });
    });

    it('drops the failback leg, leaving its row failed (failed has no move to cancelled)', () => {
      expect(campaignGateDecision({ ...running, campaignStatus: 'cancelled', rowStatus: 'failed' }, 'failback')).toEqual({
        verdict: 'cancelled',
        moveRow: false,
      });
    });

    it('cancels even a suppressed recipient rather than skipping it', () => {
      expect(campaignGateDecision({ ...running, campaignStatus: 'cancelled', suppressedFor: 'opt-out' }, 'alimtalk').verdict).toBe('cancelled');
    });
  });

  describe('when the recipient was suppressed after the expansion', () => {
    const suppressed = { ...running, suppressedFor: 'opt-out' };

    it('skips a pending message, moving its row', () => {
      expect(campaignGateDecision(suppressed, 'alimtalk')).toEqual({ verdict: 'skipped', moveRow: true });
    });

    it('sends a message already claimed (sending) before the suppression', () => {
      expect(campaignGateDecision({ ...suppressed, rowStatus: 'sending' }, 'alimtalk')).toEqual({ verdict: 'send' });
    });

    it('skips the failback leg without moving its row', () => {
      expect(campaignGateDecision({ ...suppressed, rowStatus: 'failed' }, 'failback')).toEqual({ verdict: 'skipped', moveRow: false });
    });
  });
});
