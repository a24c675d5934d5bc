import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../../../libs/webhooks/src/index.js';
import { isoTime } from '../http/iso-time.js';

export const webhookIdSchema = z.uuid('must be a webhook id (UUID)');

const settings = {
  /** http(s) only; where it may point is checked by the service (WEBHOOK_ALLOW_PRIVATE). */
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), 'must not carry credentials'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
    .min(1, 'name at least one event type')
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((events) => new Set(events).size === events.length, 'must not repeat an event type'),
  description: z.string().min(1).max(500).nullable(),
  /** Posts per second to this endpoint at most; null: no limit of its own. */
  maxPerSecond: z.number().int().min(1).max(1000).nullable(),
  /** One POST carries up to maxSize events (an array), waiting at most maxWaitMs for them; null: one event per POST. */
  batch: z.strictObject({ maxSize: z.number().int().min(2).max(1000), maxWaitMs: z.number().int().min(0).max(60_000) }).nullable(),
};

export const createWebhookSchema = z.strictObject(settings).partial({ description: true, maxPerSecond: true, batch: true });
export type CreateWebhookDto = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({ ...settings, status: z.enum(['active', 'paused'], { error: 'must be active or paused' }) })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'give at least one setting to change');
export type UpdateWebhookDto = z.infer<typeof updateWebhookSchema>;

/** How long the old secret keeps signing beside the new one: 24 hours unless said, at most 7 days. */
export const rotateWebhookSecretSchema = z
  .strictObject({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(24 * 3600),
  })
  .default({ overlapSeconds: 24 * 3600 });
export type RotateWebhookSecretDto = z.infer<typeof rotateWebhookSecretSchema>;

// Answers.

export const webhookViewSchema = z.strictObject({
  id: webhookIdSchema,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.string().nullable(),
  status: z.enum(['active', 'paused', 'disabled']),
  maxPerSecond: z.number().int().nullable(),
  batch: settings.batch,
  /** Until when the previous secret still signs beside the current one (after a rotation). */
  previousSecretUntil: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type WebhookView = z.output<typeof webhookViewSchema>;

export const webhookListSchema = z.strictObject({ items: z.array(webhookViewSchema) });

/** A new subscription or secret: the secret is in this answer only. */
export const webhookWithSecretSchema = webhookViewSchema.extend({
  secret: z.string().describe('whsec_…: verify deliveries with it (Standard Webhooks); shown this once'),
});
export type WebhookWithSecret = z.output<typeof webhookWithSecretSchema>;

/** What a test delivery came to: the endpoint's answer, or why there was none. */
export const webhookTestResultSchema = z.strictObject({
  /** A 2xx answer. */
  delivered: z.boolean(),
  status: z.number().int().nullable().describe("the endpoint's HTTP status; null when it gave none"),
  durationMs: z.number().int(),
  error: z.string().optional().describe('why no answer came (timeout, refused connection)'),
  /** The test event's webhook-id. */
  eventId: z.string(),
});
export type WebhookTestResult = z.output<typeof webhookTestResultSchema>;
