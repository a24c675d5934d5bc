import { z } from 'zod';

/**
 * A filter time: ISO 8601 with an offset, within years Herald could have stored a row
 * in. Postgres would refuse year 0 (there is none) and JavaScript dates far out, and a
 * refusal there is a 500 where the caller deserves a 400.
 */
const filterTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date.getUTCFullYear() >= 1970 && date.getUTCFullYear() <= 9999, 'must be a time between the years 1970 and 9999');

const filterFields = {
  code: z.string().min(1).max(20).optional(),
  templateCode: z.string().min(1).max(64).optional(),
  campaignId: z.uuid('must be a campaign id (UUID)').optional(),
  since: filterTime.optional(),
  until: filterTime.optional(),
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
