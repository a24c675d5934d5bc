import { CAMPAIGN_EXPANSION_QUEUE } from './campaigns/campaign-expansion.queue.js';
import { DEAD_LETTER_QUEUE } from './dead-letters/dead-letter.queue.js';
import { MAINTENANCE_QUEUE } from './maintenance/maintenance.queue.js';
import { REPORTS_QUEUE } from './reports/report.queue.js';
import { SEND_QUEUE } from './send/send-shards.js';

/** Every queue Herald has but the send queue's shards beyond the first. */
export const ALL_QUEUES = [SEND_QUEUE, DEAD_LETTER_QUEUE, REPORTS_QUEUE, MAINTENANCE_QUEUE, CAMPAIGN_EXPANSION_QUEUE] as const;

/** Injection token: every Herald queue as its HeraldQueue class, for Bull Board and metrics. */
export const ALL_HERALD_QUEUES = Symbol('ALL_HERALD_QUEUES');
