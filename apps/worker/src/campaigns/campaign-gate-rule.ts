import type { SendGate } from '../../../../libs/db/src/index.js';
import type { SendLeg } from '../../../../libs/domain/src/index.js';

export type CampaignGateDecision =
  | { verdict: 'send' }
  /** Wait: nothing is sent, no attempt is spent; the caller looks again later. */
  | { verdict: 'paused' }
  /** Not sent. `moveRow`: the row moves to `cancelled` (the AlimTalk leg; a failback stays `failed`). */
  | { verdict: 'cancelled'; moveRow: boolean }
  /** Not sent. `moveRow`: a pending row moves to `skipped`; if it has moved on meanwhile, it is sent after all. */
  | { verdict: 'skipped'; moveRow: boolean };

/**
 * The campaign's word on one of its messages, asked right before it is sent (either
 * leg): a cancelled campaign's message is not sent; a paused one's waits; a recipient
 * suppressed since the expansion is skipped. A message of no campaign, or one whose
 * row was not found with a campaign, is sent.
 */
export function campaignGateDecision(gate: SendGate | undefined, leg: SendLeg): CampaignGateDecision {
  if (!gate) return { verdict: 'send' };
  if (gate.campaignStatus === 'paused') return { verdict: 'paused' };
  // The failback leg starts from `failed`, which has no move to cancelled: it just stays failed.
  if (gate.campaignStatus === 'cancelled') return { verdict: 'cancelled', moveRow: leg === 'alimtalk' };
  if (gate.suppressedFor && leg === 'failback') return { verdict: 'skipped', moveRow: false };
  // A row already `sending` (a retry, a re-run) was claimed before the suppression: it goes out.
  if (gate.suppressedFor && gate.rowStatus === 'pending') return { verdict: 'skipped', moveRow: true };
  return { verdict: 'send' };
}
