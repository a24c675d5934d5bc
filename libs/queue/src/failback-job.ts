import type { Queue } from 'bullmq';
import { ensureJob } from './ensure-job.js';
import { failbackJobId, SEND_JOB_NAMES, sendJobOptions, type SendJobData } from './send.queue.js';

/** Queues the SMS/LMS leg of a notification (once: the job id is derived from its id). */
export function ensureFailbackJob(sendQueue: Queue<SendJobData>, notificationId: string, attempts: number) {
  return ensureJob(sendQueue, SEND_JOB_NAMES.failback, { notificationId }, {
    ...sendJobOptions({ attempts }),
    jobId: failbackJobId(notificationId),
  });
}
