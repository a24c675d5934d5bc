import { z } from 'zod';

/** PUT /v1/vendor/rate-limit: the vendor's sends per sliding second. */
export const vendorRateLimitSchema = z.strictObject({ tps: z.number().int().min(1).max(100_000) });
export type VendorRateLimitDto = z.infer<typeof vendorRateLimitSchema>;
