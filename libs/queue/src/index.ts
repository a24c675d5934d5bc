export { redisOptions } from './redis-options.js';
export { queueRootOptions } from './queue-root.js';
export * from './send.queue.js';
