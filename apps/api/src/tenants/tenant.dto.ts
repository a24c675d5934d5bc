import { z } from 'zod';
import { isTimeZone, KEY_SCOPES, TENANT_ID_PATTERN, TENANT_STATUSES } from '../../../../libs/domain/src/index.js';

export const tenantIdSchema = z.string().regex(TENANT_ID_PATTERN, 'lower-case letters, digits and - only, at most 40, e.g. shop');
export const keyIdSchema = z.string().regex(/^key_[0-9a-f]{12}$/, 'must be a key id (key_ and 12 hex digits)');

const settings = {
  name: z.string().min(1).max(200),
  status: z.enum(TENANT_STATUSES),
  /** Null: the API's API_RATE_LIMIT_PER_SECOND / _BURST. */
  apiRatePerSecond: z.number().positive().max(1_000_000).nullable(),
  apiRateBurst: z.number().int().min(1).max(1_000_000).nullable(),
  /** Messages per calendar day in timeZone; null: no quota. */
  dailyQuota: z.number().int().min(0).max(1_000_000_000).nullable(),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Seoul'),
  weight: z.number().int().min(1).max(1000),
  /** The tenant's own Kakao sender profile key; null: the vendor account's VENDOR_SENDER_KEY. */
  senderKey: z.string().min(1).max(100).nullable(),
};

export const createTenantSchema = z.strictObject({ id: tenantIdSchema, ...settings, name: settings.name }).partial({
  status: true,
  apiRatePerSecond: true,
  apiRateBurst: true,
  dailyQuota: true,
  timeZone: true,
  weight: true,
  senderKey: true,
});
export type CreateTenantDto = z.infer<typeof createTenantSchema>;

export const updateTenantSchema = z
  .strictObject(settings)
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'give at least one setting to change');
export type UpdateTenantDto = z.infer<typeof updateTenantSchema>;

export const createKeySchema = z
  .strictObject({
    scopes: z.array(z.enum(KEY_SCOPES)).max(KEY_SCOPES.length).default([]),
    description: z.string().min(1).max(200).optional(),
  })
  .default({ scopes: [] });
export type CreateKeyDto = z.infer<typeof createKeySchema>;

/** How long a rotated key keeps working beside its replacement: 24 hours unless said, at most 30 days, 0 ends it now. */
export const ROTATION_GRACE_SECONDS = 24 * 3600;
export const rotateKeySchema = z
  .strictObject({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(ROTATION_GRACE_SECONDS),
  })
  .default({ graceSeconds: ROTATION_GRACE_SECONDS });
export type RotateKeyDto = z.infer<typeof rotateKeySchema>;
