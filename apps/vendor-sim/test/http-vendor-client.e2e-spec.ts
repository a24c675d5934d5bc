import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpVendorClient } from '../../../libs/vendor/src/http-vendor-client.js';
import { BULK_MAX_MESSAGES } from '../../../libs/vendor/src/protocol.js';
import { VendorError } from '../../../libs/vendor/src/vendor-client.js';
import { ACCOUNT, useSimFixture, validSend, validSms } from './support/sim-fixture.js';
import { until } from './support/sim-client.js';

/** Herald's vendor client against a real simulator: the wire contract from both ends. */
describe('HttpVendorClient.lookupResults against the simulator', () => {
  const f = useSimFixture();
  const clients: HttpVendorClient[] = [];
  const vendorClient = (url = f.sim.url) => {
    const client = new HttpVendorClient({
      url,
      clientId: ACCOUNT.VENDOR_CLIENT_ID,
      clientSecret: ACCOUNT.VENDOR_CLIENT_SECRET,
      timeoutMs: 2_000,
      connections: 2,
    });
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  it('answers each ref in order: unknown, pending, or final with the outcome', async () => {
    const vendor = vendorClient();
    const final = await vendor.sendAlimtalk(validSend({ to: '01012340002' }));
    await until(() => f.sim.stats().reportsSent === 1);
    f.sim.configure({ reportDelayMs: 60_000 });
    const pending = await vendor.sendAlimtalk(validSend());

    const results = await vendor.lookupResults('alimtalk', [pending.ref, 'never-sent', final.ref]);

    expect(results).toEqual([
      { ref: pending.ref, state: 'pending', msgKey: pending.msgKey },
      { ref: 'never-sent', state: 'unknown' },
      { ref: final.ref, state: 'final', msgKey: final.msgKey, status: 'failed', code: 'K102', message: expect.any(String), reportedAt: expect.any(String) },
    ]);
    expect(f.sim.stats()).toMatchObject({ lookups: 1, lookedUpRefs: 3, tokensIssued: 1 });
  });

  it('asks the channel it is given', async () => {
    const vendor = vendorClient();
    const sms = await vendor.sendSms(validSms());
    expect(await vendor.lookupResults('sms', [sms.ref])).toEqual([expect.objectContaining({ state: 'pending', msgKey: sms.msgKey })]);
    expect(await vendor.lookupResults('alimtalk', [sms.ref])).toEqual([{ ref: sms.ref, state: 'unknown' }]);
  });

  it('makes no call for no refs', async () => {
    expect(await vendorClient().lookupResults('alimtalk', [])).toEqual([]);
    expect(f.sim.stats()).toMatchObject({ lookups: 0, lookupsRefused: 0, tokensIssued: 0 });
  });

  it('throws the vendor’s refusal as a VendorError', async () => {
    const vendor = vendorClient();
    const tooMany = Array.from({ length: BULK_MAX_MESSAGES + 1 }, (_, i) => `r-${i}`);
    await expect(vendor.lookupResults('alimtalk', tooMany)).rejects.toMatchObject({ kind: 'http', httpStatus: 400, vendorCode: 'E102' });

    f.sim.configure({ lookupTps: 1 });
    await vendor.lookupResults('alimtalk', ['a']);
    const limited = await vendor.lookupResults('alimtalk', ['a']).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(VendorError);
    expect(limited).toMatchObject({ httpStatus: 429, vendorCode: 'E429', retryAfterMs: expect.any(Number) });
  });

  it('drops a revoked token on the 401 so the next call authenticates again', async () => {
    const vendor = vendorClient();
    await vendor.lookupResults('alimtalk', ['a']);
    await f.client.call('POST', '/_sim/tokens/revoke');
    await expect(vendor.lookupResults('alimtalk', ['a'])).rejects.toMatchObject({ httpStatus: 401, vendorCode: 'E101' });
    expect(await vendor.lookupResults('alimtalk', ['a'])).toEqual([{ ref: 'a', state: 'unknown' }]);
    expect(f.sim.stats()).toMatchObject({ tokensIssued: 2, lookups: 2, lookupsRefused: 1 });
    f.token = (await f.client.token(ACCOUNT.VENDOR_CLIENT_ID, ACCOUNT.VENDOR_CLIENT_SECRET)).body.data.token;
  });

  it('does not trust an answer whose refs do not match the request, in order', async () => {
    // A vendor that answers the refs reversed: matching by position would settle the wrong rows.
    const vendor = await startReversingVendor();
    try {
      await expect(vendorClient(vendor.url).lookupResults('alimtalk', ['a', 'b'])).rejects.toMatchObject({ kind: 'http', httpStatus: 502 });
    } finally {
      await vendor.close();
    }
  });
});

async function startReversingVendor() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/v1/auth/token') {
        res.end(
          JSON.stringify({ code: 'A000', result: 'Success', data: { token: 't', schema: 'Bearer', expired: new Date(Date.now() + 3_600_000).toISOString() } }),
        );
        return;
      }
      const { refs } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { refs: string[] };
      res.end(JSON.stringify({ code: 'A000', result: 'Success', results: [...refs].reverse().map((ref) => ({ ref, state: 'unknown' })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
