import type { Queue } from 'bullmq';
import { ensureJob } from './ensure-job.js';
import type { JobTarget } from './job-display.js';
import { sendJob } from './send-job.js';
import type { SendJobData } from './send.queue.js';

/** Queues the SMS/LMS leg of a notification (once: the job id is derived from its id). */
export function ensureFailbackJob(sendQueue: Queue<SendJobData>, target: JobTarget, attempts: number) {
  return ensureJob(sendQueue, sendJob(target, 'failback', { attempts }));
}
