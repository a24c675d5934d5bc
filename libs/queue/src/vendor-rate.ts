import type { Queue } from 'bullmq';
import { shapeLimiter } from '../../domain/src/index.js';
import { VendorRateGate } from './vendor-rate-gate.js';

/** One vendor account per deployment for now; the gate's keys are named after it. */
const ACCOUNT = 'vendor';

export function openVendorRateGate(
  config: { REDIS_URL: string; QUEUE_PREFIX: string; VENDOR_TPS: number; VENDOR_RATE_WINDOW_MS?: number },
  role: 'producer' | 'worker',
): VendorRateGate {
  return new VendorRateGate(
    {
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      account: ACCOUNT,
      defaultTps: config.VENDOR_TPS,
      windowMs: config.VENDOR_RATE_WINDOW_MS ?? 1020,
    },
    role,
  );
}

/**
 * Applies a TPS budget everywhere it lives: the exact gate's stored TPS and the send
 * queue's global (Redis-held) limiter. Both are read by every worker on every job, so
 * a change takes effect without restarting anything.
 */
export async function applyVendorTps(gate: VendorRateGate, sendQueue: Queue, tps: number): Promise<void> {
  await gate.setTps(tps);
  const { max, duration } = shapeLimiter(tps);
  await sendQueue.setGlobalRateLimit(max, duration);
}
