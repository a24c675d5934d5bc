import { z } from 'zod';
import { isoTime } from '../http/iso-time.js';

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

/** A suppressed phone, as answered: masked (`010****5678`) unless the key has the `recipients:read` scope. */
export const suppressionViewSchema = z.strictObject({
  phone: suppressSchema.shape.phone,
  reason: suppressSchema.shape.reason,
  createdAt: isoTime,
});
export type SuppressionView = z.output<typeof suppressionViewSchema>;

export const suppressionPageSchema = z.strictObject({
  items: z.array(suppressionViewSchema),
  nextCursor: listSuppressionsSchema.shape.cursor.unwrap().nullable().describe('the cursor of the next page; null on the last one'),
});
export type SuppressionPage = z.output<typeof suppressionPageSchema>;
