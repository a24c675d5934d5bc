// libs/queue: the only code that talks to BullMQ. Apps use the typed queue classes
// (producers), QueueConsumer (consumers) and job-control (inside a processor).
export { QueueModule, type QueueModuleOptions } from './queue.module.js';
export { ALL_HERALD_QUEUES, ALL_QUEUES } from './all-queues.js';
export { HeraldQueue, JOB_STATES, type CountedState, type JobDataOf, type JobSeen, type QueueBounds } from './herald-queue.js';
export { clusterOptions, redisOptions, type RedisRole } from './connection/redis-options.js';
export { queueKeyPrefix, redisTarget, type RedisSettings, type RedisTarget } from './connection/redis-settings.js';
export { openRedis, type RedisClient } from './connection/redis-client.js';
export { queueOptions } from './connection/queue-options.js';
export { openRedisProbe } from './connection/readiness-probe.js';
export { ensureJob, type EnsureResult } from './ensure-job.js';
export type { QueuedJob } from './queued-job.js';
export { jobTitle, operatorFields, type JobTarget } from './job-display.js';

export { SEND_QUEUE, SendQueue } from './send/send.queue.js';
export { SendShard } from './send/send-shard.js';
export { sendShardNames, shardIndex } from './send/send-shards.js';
export * from './send/send-job.js';
export { CAMPAIGN_SEND_PRIORITY, campaignBatchJobName, type CampaignBatch, type CampaignTarget } from './send/campaign-send-jobs.js';
export { DEAD_LETTER_QUEUE, DeadLetterQueue, deadLetterJobId, type DeadLetterData, type Letter } from './dead-letters/dead-letter.queue.js';
export { REPORTS_QUEUE, ReportQueue, type ReportJobData, type VendorReport } from './reports/report.queue.js';
export { CAMPAIGN_EXPANSION_QUEUE, CampaignExpansionQueue, expandJobId, type ExpandJobData } from './campaigns/campaign-expansion.queue.js';
export { MAINTENANCE_QUEUE, MaintenanceQueue, type MaintenanceJobData } from './maintenance/maintenance.queue.js';

export { QueueConsumer, type ConsumerOptions, type ConsumerSettings } from './consumer/queue-consumer.js';
export { delayJob, rateLimitedError, rateLimitedStarts, UnrecoverableError, type Job } from './consumer/job-control.js';
