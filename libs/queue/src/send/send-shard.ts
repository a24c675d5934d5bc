import type { Queue } from 'bullmq';
import type { EnsureResult } from '../ensure-job.js';
import { HeraldQueue } from '../herald-queue.js';
import type { QueuedJob } from '../queued-job.js';
import type { SendJobData } from './send-job.js';

/**
 * One queue of the send queue's shards: the generic queue operations, opened to
 * SendQueue, which decides what goes to which shard. Bull Board and metrics list each
 * shard as the queue it is.
 */
export class SendShard extends HeraldQueue<SendJobData> {
  constructor(queue: Queue<SendJobData>, bounds?: ConstructorParameters<typeof HeraldQueue>[1]) {
    super(queue, bounds);
  }

  addJobs(jobs: Array<QueuedJob<SendJobData>>): Promise<void> {
    return jobs.length === 1 ? this.add(jobs[0]!) : this.addBulk(jobs);
  }

  ensureJob(job: QueuedJob<SendJobData>): Promise<EnsureResult> {
    return this.ensure(job);
  }

  removeJobs(jobIds: string[]): Promise<void> {
    return this.removeWaiting(jobIds);
  }

  run<T>(what: string, operation: (queue: Queue<SendJobData>) => Promise<T>): Promise<T> {
    return this.command(what, operation);
  }
}
