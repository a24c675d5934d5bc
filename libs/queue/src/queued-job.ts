import type { JobsOptions } from 'bullmq';

/** A job ready for its queue: built by the queue's own builder, added by its typed queue class. */
export interface QueuedJob<Data> {
  name: string;
  data: Data;
  opts: JobsOptions & { jobId: string };
}
