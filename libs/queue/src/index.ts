export { redisOptions } from './redis-options.js';
export { luaCommand, type LuaCommand } from './lua-command.js';
export { queueRootOptions } from './queue-root.js';
export * from './send.queue.js';
export * from './dlq.queue.js';
export * from './maintenance.queue.js';
export * from './reports.queue.js';
export * from './campaign.queue.js';

/** Every queue Herald has, for Bull Board and health. */
export { ALL_QUEUES } from './all-queues.js';
export { ensureJob, type EnsureResult, type QueuedJob } from './ensure-job.js';
export { jobTitle, operatorFields, type JobTarget } from './job-display.js';
export { legOf, sendJob } from './send-job.js';
export { QueueErrorLogger } from './queue-error.logger.js';
export { MAX_ADMIT_AT_ONCE, VendorRateGate, type GateDecision } from './vendor-rate-gate.js';
export { applyVendorTps, openVendorRateGate } from './vendor-rate.js';
export { ensureFailbackJob } from './failback-job.js';
