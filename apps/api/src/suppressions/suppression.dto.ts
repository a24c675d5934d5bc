import { z } from 'zod';

export const suppressSchema = z.strictObject({
  phone: z.string().min(1, 'is required').max(32),
  reason: z.string().min(1, 'is required').max(200),
});
export type SuppressDto = z.infer<typeof suppressSchema>;

export const listSuppressionsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(32).optional(),
});
export type ListSuppressionsDto = z.infer<typeof listSuppressionsSchema>;

export const phoneParamSchema = z.string().min(1).max(32);
