export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: string; redis: string };
}

/** A cheap round trip to one store; it rejects when the store does not answer. */
export type Probe = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2000;

/** Answers whether this process can do its work: both stores must answer. */
export async function checkDependencies(probes: { postgres: Probe; redis: Probe }): Promise<HealthReport> {
  const [postgres, redis] = await Promise.all([run(probes.postgres), run(probes.redis)]);
  return { status: postgres === 'up' && redis === 'up' ? 'ok' : 'unavailable', checks: { postgres, redis } };
}

async function run(probe: Probe): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'up';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
