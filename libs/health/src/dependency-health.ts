import { withTimeout } from '../../common/src/index.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: string; redis: string };
}

/** A cheap round trip to one store; it rejects when the store does not answer. */
export type Probe = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2000;

/** Answers whether this process can do its work: both stores must answer. */
export async function checkDependencies(probes: { postgres: Probe; redis: Probe }): Promise<HealthReport> {
  const [postgres, redis] = await Promise.all([run(probes.postgres, 'postgres'), run(probes.redis, 'redis')]);
  return { status: postgres === 'up' && redis === 'up' ? 'ok' : 'unavailable', checks: { postgres, redis } };
}

async function run(probe: Probe, name: string): Promise<string> {
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS, name);
    return 'up';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  }
}
