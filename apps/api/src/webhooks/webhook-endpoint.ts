import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '../../../../libs/webhooks/src/index.js';
import { ApiError } from '../errors/api-error.js';

/**
 * Refuses (400 naming `url`) an endpoint that is or resolves to a loopback, private or
 * link-local address, unless WEBHOOK_ALLOW_PRIVATE: a tenant must not make Herald post
 * into Herald's own network. A name that does not resolve is refused too. Checked at
 * subscription and again by the sender before each POST (DNS may change).
 */
export async function checkEndpoint(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((entry) => entry.address);
    } catch {
      throw ApiError.validation('url', `${host} does not resolve`);
    }
  }
  if (addresses.some(isPrivateAddress)) {
    throw ApiError.validation('url', 'must not point to a loopback, private or link-local address');
  }
}
