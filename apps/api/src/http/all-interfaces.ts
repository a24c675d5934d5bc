import { networkInterfaces } from 'node:os';

const hasIpv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.family === 'IPv6'));

/**
 * The host that means every interface, as Node picks it when `listen()` gets none:
 * `::` (IPv6 and IPv4) where the machine has IPv6, else `0.0.0.0`. Fastify given no
 * host listens on localhost only, which other containers (the vendor's callbacks,
 * a load balancer) cannot reach.
 */
export const ALL_INTERFACES = hasIpv6 ? '::' : '0.0.0.0';
