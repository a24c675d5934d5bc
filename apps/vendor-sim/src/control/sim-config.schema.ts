import { z } from 'zod';

const millis = (max: number) => z.number().int().min(0).max(max);
const rate = z.number().min(0).max(1);

/**
 * What can change while the simulator runs (PUT /_sim/config). Strict, so a typo in
 * a fault-injection call fails loudly instead of silently testing nothing.
 */
export const simRuntimeConfigSchema = z.strictObject({
  /** Sliding-window cap: at most this many send requests let through in any 1000 ms. */
  tps: z.number().int().min(1).max(1_000_000),
  /** Added before answering every send request, plus uniform ±latencyJitterMs. */
  latencyMs: millis(60_000),
  latencyJitterMs: millis(60_000),
  /** Share of send requests answered 500 E500 without accepting anything. */
  errorRate: rate,
  /** Share of new messages accepted (ref stored, report scheduled) but never answered. */
  timeoutRate: rate,
  reportDelayMs: millis(600_000),
  reportJitterMs: millis(600_000),
  /** Where delivery reports are posted; null keeps outcomes in memory only. */
  reportUrl: z.url({ protocol: /^https?$/ }).nullable(),
  /**
   * Share of new messages whose report callback is never posted (decided at acceptance);
   * the outcome still exists and POST /v1/results returns it.
   */
  reportDropRate: rate,
  /**
   * false: a known ref is accepted again as a new message instead of replaying the
   * first answer, as a vendor that does not deduplicate client references would.
   */
  dedupeRefs: z.boolean(),
  /** Sliding-window cap for POST /v1/results requests, apart from `tps`; 0 = unlimited. */
  lookupTps: z.number().int().min(0).max(1_000_000),
  /** Reports per callback; 1 mirrors the real vendor's one report per call. */
  reportBatchSize: z.number().int().min(1).max(10_000),
  tokenTtlMs: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600 * 1000),
});
export type SimRuntimeConfig = z.infer<typeof simRuntimeConfigSchema>;

export const simConfigPatchSchema = simRuntimeConfigSchema.partial();
export type SimConfigPatch = z.infer<typeof simConfigPatchSchema>;

export const resetRequestSchema = z.strictObject({ templates: z.boolean().optional() });

export const templateRequestSchema = z.strictObject({ body: z.string().min(1).max(10_000) });

/** Zod issues as one line that names each offending field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
