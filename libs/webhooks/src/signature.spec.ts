import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { isSigningSecret, newSigningSecret, signDelivery } from './signature.js';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ type: 'notification.delivered', data: { id: '01968f7e-3c2a-7b4d-9e1f-2a3b4c5d6e7f' } });

  it('verifies with the standardwebhooks package', () => {
    const secret = newSigningSecret();
    const headers = signDelivery([secret], 'evt_1', new Date(), body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with both secrets during a rotation, so receivers holding either verify', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signDelivery([current, previous], 'evt_2', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(newSigningSecret()).verify(body, { ...headers })).toThrow();
  });

  it('is refused for a changed body, another id, or a stale timestamp', () => {
    const secret = newSigningSecret();
    const headers = signDelivery([secret], 'evt_3', new Date(), body);
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'evt_4' })).toThrow();
    const old = signDelivery([secret], 'evt_3', new Date(Date.now() - 10 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...old })).toThrow();
  });

  it("matches the specification's published example", () => {
    // From the Standard Webhooks specification's test vector.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const headers = signDelivery([secret], 'msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('knows a whsec_ secret from anything else', () => {
    expect(isSigningSecret(newSigningSecret())).toBe(true);
    expect(isSigningSecret('whsec_short')).toBe(false);
    expect(isSigningSecret('sk_live_abc')).toBe(false);
  });
});
