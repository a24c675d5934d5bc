/**
 * BullMQ's limiter, shaped for a vendor TPS: short fixed windows with a proportional
 * max, so the flow is smooth (≈ tps per second) and a window edge allows a burst of
 * at most one short window's worth, not a second's. The exact per-sliding-second cap
 * is enforced by the vendor rate gate; this keeps jobs from being fetched only to
 * be turned back by it.
 */
export function shapeLimiter(tps: number): { max: number; duration: number } {
  const max = Math.max(1, Math.round(tps / 20));
  return { max, duration: Math.round((max * 1000) / tps) };
}
