import type { QueuedJob } from './ensure-job.js';
import { jobTitle, operatorFields, type JobTarget } from './job-display.js';
import { failbackJobId, SEND_JOB_NAMES, sendJobId, sendJobOptions, type MessageJobData, type SendJobData, type SendLeg } from './send.queue.js';

/**
 * The one place a send job is built, for every producer: the API's single send, the
 * reconciler and redrive (through ensureJob), failback, and campaigns (`addBulk` of
 * many). The job id comes from the notification id, so one leg of one notification
 * can only be queued once.
 */
export function sendJob(target: JobTarget, leg: SendLeg, policy: { attempts: number }): QueuedJob<MessageJobData> {
  return {
    name: jobTitle(leg, target.recipient),
    data: { notificationId: target.id, leg, ...operatorFields(target) },
    opts: { ...sendJobOptions(policy), jobId: leg === 'failback' ? failbackJobId(target.id) : sendJobId(target.id) },
  };
}

/** The leg a job runs: its data says so; a job queued before `leg` existed says it by name. */
export function legOf(job: { name: string; data: SendJobData }): SendJobData['leg'] & string {
  return job.data.leg ?? (job.name === SEND_JOB_NAMES.failback ? 'failback' : 'alimtalk');
}
