import type { RedisSettings, SendQueue } from '../../queue/src/index.js';
import { VendorRateLog } from './vendor-rate-log.js';

/** One vendor account per deployment for now; the rate log's keys are named after it. */
const ACCOUNT = 'vendor';

/** The vendor's rate log in Redis, opened with this deployment's settings. */
export function openVendorRateLog(config: RedisSettings & { VENDOR_TPS: number; VENDOR_RATE_WINDOW_MS?: number }, role: 'producer' | 'worker'): VendorRateLog {
  return new VendorRateLog(
    {
      redis: config,
      account: ACCOUNT,
      defaultTps: config.VENDOR_TPS,
      windowMs: config.VENDOR_RATE_WINDOW_MS ?? 1020,
    },
    role,
  );
}

/**
 * The vendor TPS budget, applied everywhere it lives: the rate log's stored TPS (the
 * exact gate) and the send queue's global limiter (the coarse one). Both are read by
 * every worker on every job, so a change takes effect without restarting anything.
 */
export async function applyVendorBudget(log: VendorRateLog, sendQueue: SendQueue, tps: number): Promise<void> {
  await log.setTps(tps);
  await sendQueue.applyLimiter(tps);
}
