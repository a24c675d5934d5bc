import { describe, expect, it } from '@jest/globals';
import type { Campaign } from '../../../../libs/db/src/index.js';
import { campaignView } from './campaign-view.js';

const campaign = (overrides: Partial<Campaign>): Campaign => ({
  id: '0190f5a6-0000-7000-8000-000000000001',
  tenantId: 'default',
  name: 'spring sale',
  templateCode: 'SALE',
  variables: {},
  status: 'running',
  scheduledAt: null,
  recipientCount: 1000,
  expandedThrough: 0,
  expandedCount: 400,
  expandedAt: null,
  progressDone: 0,
  progressAt: null,
  sendRate: 50,
  startedAt: new Date(),
  finishedAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...overrides,
});

describe('campaignView', () => {
  it('counts recipients not yet expanded as pending and derives the ETA from the rate', () => {
    const view = campaignView(campaign({}), { pending: 100, sending: 50, delivered: 250 });
    expect(view.counts).toMatchObject({ pending: 700, sending: 50, delivered: 250 });
    expect(view.etaSeconds).toBe(15);
  });

  it('counts them as cancelled once the campaign is cancelled, with no rate', () => {
    const view = campaignView(campaign({ status: 'cancelled' }), { cancelled: 100, delivered: 300 });
    expect(view.counts).toMatchObject({ pending: 0, cancelled: 700, delivered: 300 });
    expect(view.sendRate).toBe(0);
    expect(view.etaSeconds).toBe(0);
  });

  it('has no ETA before a rate is known', () => {
    expect(campaignView(campaign({ sendRate: 0 }), { pending: 400 }).etaSeconds).toBeNull();
  });
});
