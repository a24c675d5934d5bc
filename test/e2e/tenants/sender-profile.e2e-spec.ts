import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';
import type { TestTenant } from '../../support/test-api.js';

/**
 * Kakao templates belong to a sender profile (a channel): a tenant with a profile of
 * its own sends from it, the others from the account's VENDOR_SENDER_KEY.
 */
describe("a tenant's own sender profile", () => {
  let stack: TestStack;
  let shop: TestTenant;

  beforeAll(async () => {
    stack = await startTestStack({ sim: { SIM_SENDER_KEYS: ['shop-channel'] } });
    shop = await stack.api.createTenant('profile-shop');
    expect((await stack.api.operator('PATCH', '/v1/admin/tenants/profile-shop', { body: { senderKey: 'shop-channel' } })).body.senderKey).toBe('shop-channel');
    await stack.registerTemplate('PROFILE', '#{name}님 안녕하세요');
    expect((await shop.request('POST', '/v1/templates', { body: { code: 'PROFILE', body: '#{name}님 안녕하세요' } })).status).toBe(201);
  });
  afterAll(() => stack?.close());

  it("sends each tenant's messages from its profile", async () => {
    const mine = await stack.send({ to: '010-5100-3333', templateCode: 'PROFILE', variables: { name: 'A' } });
    const theirs = (await shop.request('POST', '/v1/notifications', { body: { to: '010-5100-4444', templateCode: 'PROFILE', variables: { name: 'B' } } })).body
      .id;
    await stack.untilStatus(mine, 'delivered');
    const profileOf = async (ref: string) => eventually(async () => stack.sim.message(ref)?.senderKey, 10_000, `message ${ref} at the vendor`);
    expect(await profileOf(mine)).toBe(stack.workerConfig.VENDOR_SENDER_KEY);
    expect(await profileOf(theirs)).toBe('shop-channel');
  });
});
