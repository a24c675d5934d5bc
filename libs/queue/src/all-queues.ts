import { DLQ_QUEUE } from './dlq.queue.js';
import { MAINTENANCE_QUEUE } from './maintenance.queue.js';
import { SEND_QUEUE } from './send.queue.js';

export const ALL_QUEUES = [SEND_QUEUE, DLQ_QUEUE, MAINTENANCE_QUEUE] as const;
