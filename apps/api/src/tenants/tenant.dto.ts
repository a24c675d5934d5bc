import { z } from 'zod';
import { isTimeZone, KEY_SCOPES, TENANT_ID_PATTERN, TENANT_STATUSES } from '../../../../libs/domain/src/index.js';
import { isoTime } from '../http/iso-time.js';

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

// Answers. Their input side is the JSON a client reads; their output what the service returns.

/** A tenant and its settings, as stored. */
export const tenantViewSchema = z.strictObject({ id: tenantIdSchema, ...settings, createdAt: isoTime, updatedAt: isoTime });
export type TenantView = z.output<typeof tenantViewSchema>;

export const tenantListSchema = z.strictObject({ items: z.array(tenantViewSchema) });
export type TenantList = z.output<typeof tenantListSchema>;

/** `rotating`: replaced, and working until expiresAt; `expired` once that is past. */
const KEY_STATES = ['active', 'rotating', 'expired', 'revoked'] as const;

/** A key as listings show it: never its secret nor its hash. */
export const keyViewSchema = z.strictObject({
  id: keyIdSchema,
  // Null only for an operator key, which no route lists: a producer key always has its tenant.
  tenantId: tenantIdSchema.nullable(),
  prefix: z.string().describe("the key's first characters, to tell which key a producer holds"),
  scopes: z.array(z.enum(KEY_SCOPES)),
  description: z.string().nullable(),
  state: z.enum(KEY_STATES),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable().describe('updated at most once a minute per API process'),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});
export type KeyView = z.output<typeof keyViewSchema>;

export const keyListSchema = z.strictObject({ items: z.array(keyViewSchema) });
export type KeyList = z.output<typeof keyListSchema>;

/** A new key: the secret is in this answer only (Herald keeps its hash). */
export const issuedKeySchema = keyViewSchema.extend({ key: z.string().describe('the key itself, shown this once') });
export type IssuedKey = z.output<typeof issuedKeySchema>;

export const rotatedKeySchema = issuedKeySchema.extend({ replaces: keyViewSchema.describe('the old key, working until its expiresAt') });
export type RotatedKey = z.output<typeof rotatedKeySchema>;
