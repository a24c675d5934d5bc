import { z } from 'zod';

/** PUT /v1/vendor/rate-limit: the vendor budget, its sends per sliding second. */
export const vendorBudgetSchema = z.strictObject({ tps: z.number().int().min(1).max(100_000) });
export type VendorBudgetDto = z.infer<typeof vendorBudgetSchema>;
