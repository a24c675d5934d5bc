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

export const notificationIdSchema = z.uuid('must be a notification id (UUID)');
