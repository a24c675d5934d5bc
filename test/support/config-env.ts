import type { RedisClusterSpec } from '../../libs/config/src/index.js';

/** The parsed cluster back in REDIS_CLUSTER_NODES form (test clusters have no credentials). */
const clusterSeeds = (spec: RedisClusterSpec): string => spec.nodes.map((node) => `${node.host}:${node.port}`).join(',');

/**
 * A parsed config back as the environment a child process parses again: lists joined,
 * the cluster as its seeds, unset values left out.
 */
export function configAsEnv(config: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).flatMap(([key, value]: [string, unknown]): Array<[string, string]> => {
      if (value === undefined) return [];
      if (key === 'REDIS_CLUSTER_NODES') return [[key, clusterSeeds(value as RedisClusterSpec)]];
      if (Array.isArray(value)) return [[key, value.join(',')]];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [[key, String(value)]];
      throw new TypeError(`${key}: no environment form for this value`);
    }),
  );
}
