import type { JobsOptions } from 'bullmq';
import type { FailureClass } from '../../domain/src/index.js';

/**
 * Dead letters: one job per notification Herald gave up on. Its processor parks each
 * new one as a failed job, so Bull Board lists it with its reason; retrying it there
 * (or POST /v1/dlq/redrive) sends the notification back with a fresh attempt budget.
 */
export const DLQ_QUEUE = 'notifications-dlq';

export interface DeadLetterData {
  notificationId: string;
  leg: 'alimtalk' | 'failback';
  /** permanent: the vendor refused it; transient: retries ran out. */
  classification: Exclude<FailureClass, 'rate_limited'>;
  code: string;
  error: string;
  attempts: number;
  diedAt: string;
}

export const DEAD_LETTER_JOB_NAME = 'dead-letter';
export const deadLetterJobId = (notificationId: string): string => notificationId;

export const DLQ_JOB_OPTIONS: JobsOptions = {
  // Parking is the failure of the only attempt; a retry from Bull Board is the redrive.
  attempts: 1,
  // Parked letters stay until redriven; a redriven one has done its job.
  removeOnFail: false,
  removeOnComplete: true,
};
