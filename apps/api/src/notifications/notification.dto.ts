import { z } from 'zod';
import { CHANNELS, NOTIFICATION_STATUSES } from '../../../../libs/domain/src/index.js';
import { isoTime } from '../http/iso-time.js';

export const sendNotificationSchema = z.strictObject({
  to: z.string().min(1, 'is required').max(32),
  templateCode: z.string().min(1, 'is required').max(64),
  variables: z.record(z.string().max(200), z.union([z.string().max(1000), z.number()]).transform(String)).default({}),
  /** The producer's own reference, echoed back; Herald does not interpret it. */
  ref: z.string().max(200).optional(),
  /**
   * SMS/LMS text for when AlimTalk cannot reach the person; without it the template's
   * failbackBody (rendered with the same variables) is used, if it has one.
   */
  failback: z
    .strictObject({
      text: z.string().min(1, 'must not be empty'),
      title: z.string().min(1).max(40).optional(),
    })
    .optional(),
});
export type SendNotificationDto = z.infer<typeof sendNotificationSchema>;

/** Notifications one batch request may carry: one statement and one addBulk for all of them. */
export const MAX_BATCH_NOTIFICATIONS = 1000;

export const sendBatchSchema = z.strictObject({
  notifications: z
    .array(sendNotificationSchema)
    .min(1, 'must hold at least one notification')
    .max(MAX_BATCH_NOTIFICATIONS, `holds at most ${MAX_BATCH_NOTIFICATIONS} notifications; send more in several batches or as a campaign`),
});
export type SendBatchDto = z.infer<typeof sendBatchSchema>;

export const notificationIdSchema = z.uuid('must be a notification id (UUID)');

// Answers. Their input side is the JSON a client reads; their output what the service returns.

const status = z.enum(NOTIFICATION_STATUSES);

/** A send's answer: `pending`, or for a retry of a send whose process died, where its message has got to since. */
export const acceptedNotificationSchema = z.strictObject({ id: notificationIdSchema, status });
export type AcceptedNotification = z.output<typeof acceptedNotificationSchema>;

export const acceptedBatchSchema = z.strictObject({ notifications: z.array(acceptedNotificationSchema).max(MAX_BATCH_NOTIFICATIONS) });
export type AcceptedBatch = z.output<typeof acceptedBatchSchema>;

/** One status change of a message, oldest first. */
const statusChangeSchema = z.strictObject({
  id: z.number().int(),
  notificationId: notificationIdSchema,
  fromStatus: status.nullable(),
  toStatus: status,
  actor: z.string().describe('who moved it: api, worker, vendor-report, reconciler, operator'),
  attempt: z.number().int().nullable(),
  code: z.string().nullable(),
  detail: z.string().nullable(),
  nextAttemptAt: isoTime.nullable().describe('when the next attempt is due, for a failed attempt that will be retried'),
  at: isoTime,
});

/** The stored message (its row) and its status history; the phone is masked unless the key has `recipients:read`. */
export const notificationViewSchema = z.strictObject({
  id: notificationIdSchema,
  tenantId: z.string(),
  ref: sendNotificationSchema.shape.ref.unwrap().nullable(),
  recipient: z.string(),
  templateCode: sendNotificationSchema.shape.templateCode,
  variables: z.record(z.string(), z.string()).describe('as stored: a number sent as a variable is a string here'),
  text: z.string(),
  channel: z.enum(CHANNELS),
  failbackText: z.string().nullable(),
  failbackTitle: z.string().nullable(),
  failbackChannel: z.enum(CHANNELS).exclude(['alimtalk']).nullable(),
  status,
  attempts: z.number().int().min(0),
  vendorMsgKey: z.string().nullable(),
  lastCode: z.string().nullable(),
  lastError: z.string().nullable(),
  campaignId: z.uuid().nullable(),
  sendBatchId: z.uuid().nullable().describe('the campaign batch job that carries it; null for single sends'),
  requestKey: z.string().nullable().describe('<tenant id>/<Idempotency-Key> of the request that stored it'),
  createdAt: isoTime,
  updatedAt: isoTime,
  history: z.array(statusChangeSchema),
});
export type NotificationView = z.output<typeof notificationViewSchema>;
