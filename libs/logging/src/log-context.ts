import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written while handling one job (or request) carries. */
export interface LogFields {
  jobId?: string;
  queue?: string;
  notificationId?: string;
  campaignId?: string;
  attempt?: number;
}

const context = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with `fields` attached to every log line written inside it, however
 * deep: the existing `new Logger(...)` calls in services need not pass ids around.
 */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

export const currentLogFields = (): LogFields => context.getStore() ?? {};

/** What a BullMQ job tells about itself; `attempt` counts from 1. */
export function jobLogFields(job: { id?: string; queueName: string; attemptsMade: number; data: unknown } | undefined): LogFields {
  if (!job) return {};
  const data = (job.data ?? {}) as { notificationId?: unknown; campaignId?: unknown };
  return {
    jobId: job.id,
    queue: job.queueName,
    attempt: job.attemptsMade + 1,
    ...(typeof data.notificationId === 'string' ? { notificationId: data.notificationId } : {}),
    ...(typeof data.campaignId === 'string' ? { campaignId: data.campaignId } : {}),
  };
}
