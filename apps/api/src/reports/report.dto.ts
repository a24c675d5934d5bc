import { z } from 'zod';
import { CHANNELS } from '../../../../libs/domain/src/index.js';

const deliveryReportSchema = z.object({
  msgKey: z.string().min(1).max(100),
  ref: z.string().min(1).max(200),
  channel: z.enum(CHANNELS),
  status: z.enum(['delivered', 'failed']),
  code: z.string().min(1).max(20),
  message: z.string().max(500).default(''),
  reportedAt: z.iso.datetime({ offset: true }),
});

/** The vendor posts one report or an array of them. */
export const deliveryReportsSchema = z.preprocess(
  (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [value]),
  z.array(deliveryReportSchema).min(1).max(1000),
);
export type DeliveryReportDto = z.infer<typeof deliveryReportSchema>;

/** The callback's answer: how many reports were queued (they are applied in batches, later). */
export const reportsReceivedSchema = z.strictObject({ received: z.number().int().min(1) });
export type ReportsReceived = z.output<typeof reportsReceivedSchema>;
