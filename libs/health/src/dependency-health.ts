import { withTimeout } from '../../common/src/index.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  /** Each probe's name: `up`, or `down: <why>`. */
  checks: Record<string, string>;
}

/** A cheap round trip to one store; it rejects when the store does not answer. */
export type Probe = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2000;

/** Answers whether this process can do its work: every probe must pass. */
export async function checkDependencies(probes: Record<string, Probe>): Promise<HealthReport> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => run(probes[name]!, name)));
  const checks = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
  return { status: results.every((result) => result === 'up') ? 'ok' : 'unavailable', checks };
}

async function run(probe: Probe, name: string): Promise<string> {
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS, name);
    return 'up';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  }
}
