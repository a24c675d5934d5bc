import { z } from 'zod';
import { isoTime } from '../http/iso-time.js';

export const createTemplateSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only, at most 64'),
  body: z.string().min(1, 'must not be empty').max(1000, 'AlimTalk allows at most 1000 characters'),
  failbackBody: z.string().min(1).max(2000).optional(),
});
export type CreateTemplateDto = z.infer<typeof createTemplateSchema>;

export const templateCodeSchema = createTemplateSchema.shape.code;

/** A template as stored (the answer to registering and to reading one); its input side is the JSON a client reads. */
export const templateViewSchema = z.strictObject({
  tenantId: z.string(),
  code: createTemplateSchema.shape.code,
  body: createTemplateSchema.shape.body,
  failbackBody: createTemplateSchema.shape.failbackBody.unwrap().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type TemplateView = z.output<typeof templateViewSchema>;
