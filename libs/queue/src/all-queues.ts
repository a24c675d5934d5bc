import { CAMPAIGN_QUEUE } from './campaign.queue.js';
import { DLQ_QUEUE } from './dlq.queue.js';
import { MAINTENANCE_QUEUE } from './maintenance.queue.js';
import { REPORTS_QUEUE } from './reports.queue.js';
import { SEND_QUEUE } from './send.queue.js';

export const ALL_QUEUES = [SEND_QUEUE, DLQ_QUEUE, REPORTS_QUEUE, MAINTENANCE_QUEUE, CAMPAIGN_QUEUE] as const;
