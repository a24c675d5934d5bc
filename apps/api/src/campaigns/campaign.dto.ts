import { z } from 'zod';

const variables = z.record(z.string().min(1).max(200), z.union([z.string().max(1000), z.number()]).transform(String));

export const createCampaignSchema = z.strictObject({
  name: z.string().min(1, 'is required').max(200),
  templateCode: z.string().min(1, 'is required').max(64),
  /** Starts by itself at this time; without it the campaign waits for POST …/start. */
  scheduledAt: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' })
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() > Date.now(), 'must be in the future')
    .optional(),
  /** Shared by every recipient; a recipient's own variables override them. */
  variables: variables.default({}),
});
export type CreateCampaignDto = z.infer<typeof createCampaignSchema>;

export const campaignIdSchema = z.uuid('must be a campaign id (UUID)');

/** One recipient of an upload (a JSON array element or an NDJSON line). */
export const recipientSchema = z.strictObject({
  to: z.string({ error: 'is required' }).min(1, 'is required').max(32),
  variables: variables.optional(),
});
export type RecipientDto = z.infer<typeof recipientSchema>;

/** A JSON upload is one page; bigger lists stream as CSV or NDJSON. */
export const MAX_JSON_RECIPIENTS = 10_000;
