import { describe, expect, it } from '@jest/globals';
import { v7 as uuidv7, validate, version } from 'uuid';
import { campaignMessageFloor, campaignMessageId } from './campaign-message-id.js';

describe('campaign message ids', () => {
  const campaign = uuidv7();

  it('is the same for the same recipient, different for another, and still a UUIDv7', () => {
    expect(campaignMessageId(campaign, 41)).toBe(campaignMessageId(campaign, 41));
    expect(campaignMessageId(campaign, 41)).not.toBe(campaignMessageId(campaign, 42));
    const id = campaignMessageId(campaign, 2 ** 40 + 7);
    expect(validate(id) && version(id)).toBe(7);
    expect(id.slice(0, 23)).toBe(campaign.slice(0, 23));
  });

  it('sorts after the campaign floor and in recipient order', () => {
    const ids = [5, 1, 3].map((seq) => campaignMessageId(campaign, seq));
    expect([...ids].sort()).toEqual([1, 3, 5].map((seq) => campaignMessageId(campaign, seq)));
    for (const id of ids) expect(id >= campaignMessageFloor(campaign)).toBe(true);
    expect(campaignMessageFloor(campaign) <= campaign).toBe(true);
  });

  it('refuses a seq it cannot hold', () => {
    expect(() => campaignMessageId(campaign, 2 ** 48)).toThrow(RangeError);
    expect(() => campaignMessageId(campaign, -1)).toThrow(RangeError);
  });
});
