import { z } from 'zod';

/** PUT /v1/vendor/rate-limit: the vendor budget, its sends per sliding second. */
export const vendorBudgetSchema = z.strictObject({ tps: z.number().int().min(1).max(100_000) });
export type VendorBudgetDto = z.infer<typeof vendorBudgetSchema>;

/** The budget in force, and the BullMQ limiter every send queue is shaped with from it (libs/domain rate-shape.ts). */
export const vendorBudgetViewSchema = z.strictObject({
  tps: vendorBudgetSchema.shape.tps,
  limiter: z.strictObject({
    max: z.number().int().min(1).describe('jobs per window'),
    duration: z.number().int().min(0).describe('the window, in milliseconds'),
  }),
});
export type VendorBudgetView = z.output<typeof vendorBudgetViewSchema>;
