import type { SeedPlan } from './seed-recipients.js';
import type { SimStatsDelta } from './sim-stats.js';

/** GET /v1/campaigns/:id, as far as seed:campaign reads it. */
export interface CampaignView {
  id: string;
  status: string;
  counts: Record<'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'failback' | 'dead' | 'skipped' | 'cancelled', number>;
  sendRate: number;
  etaSeconds: number | null;
}

export interface CampaignOutcome {
  plan: SeedPlan;
  /** The campaign once nothing of it is in flight any more. */
  view: CampaignView;
  /** The simulator's counters for this campaign alone. */
  sim: SimStatsDelta;
  /** From the start call to the last send settled. */
  sendSeconds: number;
  tps: number;
}

export interface CampaignReport {
  table: Record<string, number | string>;
  /** Empty when every recipient got exactly one message and nothing was lost. */
  problems: string[];
}

export function campaignReport({ plan, view, sim, sendSeconds, tps }: CampaignOutcome): CampaignReport {
  const { counts } = view;
  const final = counts.delivered + counts.failed + counts.dead + counts.skipped + counts.cancelled;
  const lost = plan.count - final;
  const meanTps = plan.count / sendSeconds;
  const table = {
    recipients: plan.count,
    delivered: counts.delivered,
    failed: counts.failed,
    'failback (SMS/LMS sent)': sim.byChannel.sms + sim.byChannel.lms,
    dead: counts.dead,
    skipped: counts.skipped,
    lost,
    'elapsed s (start → last send)': Number(sendSeconds.toFixed(1)),
    'mean TPS': Number(meanTps.toFixed(1)),
    'vendor cap TPS': tps,
    'mean / cap': Number((meanTps / tps).toFixed(3)),
    'vendor max per second': 'exact' in sim.maxPerSecond ? sim.maxPerSecond.exact : `≤ ${sim.maxPerSecond.atMost} (an earlier peak)`,
    'vendor 429s': sim.rateLimited,
    'vendor AlimTalk messages': sim.byChannel.alimtalk,
    're-sent refs absorbed by the vendor': sim.duplicateRefs,
    'duplicates (same text to the same person)': sim.repeatedContent,
  };
  const problems = [
    lost !== 0 && `${lost} message(s) lost`,
    sim.repeatedContent !== 0 && `${sim.repeatedContent} duplicate(s) reached a person`,
    sim.byChannel.alimtalk !== plan.count && `the vendor got ${sim.byChannel.alimtalk} AlimTalk messages for ${plan.count} recipients`,
  ].filter((problem): problem is string => typeof problem === 'string');
  return { table, problems };
}
