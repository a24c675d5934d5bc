import { z } from 'zod';

const filterFields = {
  code: z.string().min(1).max(20).optional(),
  templateCode: z.string().min(1).max(64).optional(),
  campaignId: z.uuid('must be a campaign id (UUID)').optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  until: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
};

export const listDeadLettersSchema = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type ListDeadLettersDto = z.infer<typeof listDeadLettersSchema>;

export const redriveSchema = z
  .strictObject({
    ...filterFields,
    ids: z.array(z.uuid('must be notification ids')).min(1).max(1000).optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    message: 'give ids or at least one filter (code, templateCode, campaignId, since, until); an empty filter would redrive everything',
  });
export type RedriveDto = z.infer<typeof redriveSchema>;
