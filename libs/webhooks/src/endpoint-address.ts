import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not be sent to unless WEBHOOK_ALLOW_PRIVATE: a producer's URL
 * pointing there would make Herald reach into its own network (SSRF): loopback,
 * private, link-local (cloud metadata at 169.254.169.254), shared, unspecified,
 * multicast and reserved ranges, in IPv4, IPv6 and IPv4 mapped into IPv6.
 */
const REFUSED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const REFUSED_V6: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
];

const refused = new BlockList();
for (const [network, prefix] of REFUSED_V4) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of REFUSED_V6) refused.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (an IP literal) is one Herald must not post webhooks to. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  if (family === 6) {
    // ::ffff:10.0.0.1 reaches 10.0.0.1.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return refused.check(mapped[1]!, 'ipv4');
    return refused.check(bare, 'ipv6');
  }
  return refused.check(bare, 'ipv4');
}
