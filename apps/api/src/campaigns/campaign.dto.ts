import { z } from 'zod';
import { CAMPAIGN_STATUSES } from '../../../../libs/domain/src/index.js';
import { isoTime } from '../http/iso-time.js';

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

// Answers. Their input side is the JSON a client reads; their output what the service returns.

const count = z.number().int().min(0);

/** Recipients by where their message is; `pending` includes recipients not yet made into messages. */
const campaignCountsSchema = z.strictObject({
  pending: count,
  sending: count,
  sent: count,
  delivered: count,
  failed: count,
  failback: count,
  dead: count,
  skipped: count,
  cancelled: count,
  /** No final result came from the vendor in time (REPORT_EXPIRE_AFTER_HOURS). */
  expired: count,
});

/** What an operator sees of a campaign (campaign-view.ts): every life-cycle route answers with it. */
export const campaignViewSchema = z.strictObject({
  id: campaignIdSchema,
  name: createCampaignSchema.shape.name,
  templateCode: createCampaignSchema.shape.templateCode,
  status: z.enum(CAMPAIGN_STATUSES),
  scheduledAt: isoTime.nullable(),
  recipientCount: count,
  counts: campaignCountsSchema,
  sendRate: z.number().min(0).describe('messages settled per second, smoothed over the last few seconds; 0 unless running'),
  etaSeconds: count.nullable().describe('seconds until the last message is sent at the current rate; null while there is no rate yet'),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
});

/** What one upload of recipients did; rejected rows are reported (the first 1,000) with the reason. */
export const uploadResultSchema = z.strictObject({
  received: count,
  stored: count,
  duplicates: count.describe('valid rows already in the campaign (a re-uploaded page) or repeated in this upload'),
  rejected: count,
  errors: z.array(
    z.strictObject({
      row: z.number().int().min(1).describe('1-based position among the uploaded recipients (a CSV header is not counted)'),
      field: z.string(),
      reason: z.string(),
    }),
  ),
  recipientCount: count,
});
export type UploadResult = z.output<typeof uploadResultSchema>;
