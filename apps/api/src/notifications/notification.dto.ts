import { z } from 'zod';

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
