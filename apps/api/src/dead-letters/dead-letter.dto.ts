import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../../../../libs/domain/src/index.js';
import { isoTime } from '../http/iso-time.js';

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

const redriveFields = { ...filterFields, ids: z.array(z.uuid('must be notification ids')).min(1).max(1000).optional() };
const someFilter = <T extends Record<string, unknown>>(value: T) => Object.values(value).some((field) => field !== undefined);
const EMPTY_FILTER = 'give ids or at least one filter (code, templateCode, campaignId, since, until); an empty filter would redrive everything';

/** A producer's redrive: always within its own tenant's dead letters. */
export const redriveSchema = z.strictObject(redriveFields).refine(someFilter, { message: EMPTY_FILTER });
export type RedriveDto = z.infer<typeof redriveSchema>;

/** Operators see every tenant's dead letters, or one tenant's with `tenantId`. */
const tenantFilter = { tenantId: z.string().regex(TENANT_ID_PATTERN, 'must be a tenant id').optional() };
export const operatorListDeadLettersSchema = listDeadLettersSchema.extend(tenantFilter);
export type OperatorListDeadLettersDto = z.infer<typeof operatorListDeadLettersSchema>;
export const operatorRedriveSchema = z.strictObject({ ...redriveFields, ...tenantFilter }).refine(someFilter, { message: `${EMPTY_FILTER} (or tenantId)` });
export type OperatorRedriveDto = z.infer<typeof operatorRedriveSchema>;

// Answers. Their input side is the JSON a client reads; their output what the service returns.

/** A dead notification as listed: the phone always masked. */
export const deadLetterViewSchema = z.strictObject({
  id: z.uuid(),
  tenantId: tenantFilter.tenantId.unwrap(),
  to: z.string(),
  templateCode: filterFields.templateCode.unwrap(),
  campaignId: filterFields.campaignId.unwrap().nullable(),
  code: z.string().nullable().describe("the vendor's (or Herald's) code of the last failure"),
  error: z.string().nullable(),
  attempts: z.number().int().min(0),
  diedAt: isoTime,
});
export type DeadLetterView = z.output<typeof deadLetterViewSchema>;

export const deadLetterPageSchema = z.strictObject({
  items: z.array(deadLetterViewSchema),
  nextCursor: listDeadLettersSchema.shape.cursor.unwrap().nullable().describe('the cursor of the next page; null on the last one'),
});
export type DeadLetterPage = z.output<typeof deadLetterPageSchema>;

export const redriveResultSchema = z.strictObject({
  redriven: z.number().int().min(0),
  more: z.boolean().describe('whether dead notifications the filter matches remain: call again'),
});
export type RedriveResult = z.output<typeof redriveResultSchema>;
