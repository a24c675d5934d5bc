import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ALL_HERALD_QUEUES } from './all-queues.js';
import { CAMPAIGN_EXPANSION_QUEUE, CampaignExpansionQueue, type ExpandJobData } from './campaigns/campaign-expansion.queue.js';
import { queueOptions } from './connection/queue-options.js';
import type { RedisSettings } from './connection/redis-settings.js';
import { DEAD_LETTER_QUEUE, DeadLetterQueue, type DeadLetterData } from './dead-letters/dead-letter.queue.js';
import type { HeraldQueue } from './herald-queue.js';
import { MAINTENANCE_QUEUE, MaintenanceQueue, type MaintenanceJobData } from './maintenance/maintenance.queue.js';
import { QueueErrorLogger } from './queue-error.logger.js';
import { REPORTS_QUEUE, ReportQueue, type ReportJobData } from './reports/report.queue.js';
import { sendJobOptions, type SendJobData } from './send/send-job.js';
import { SendShard } from './send/send-shard.js';
import { sendShardNames } from './send/send-shards.js';
import { SendQueue } from './send/send.queue.js';

export interface QueueModuleOptions {
  connection: RedisSettings & { SEND_QUEUE_SHARDS: number };
  /** producer: commands fail fast while Redis is down (the API); worker: they wait. */
  role: 'producer' | 'worker';
  /** SEND_ATTEMPTS: the attempt budget of every new send job. */
  sendAttempts: number;
  /** A producer's bound on each queue operation (ENQUEUE_TIMEOUT_MS); past it Redis counts as unavailable. */
  commandTimeoutMs?: number;
}

/** A typed queue class, made from the BullMQ queue that @nestjs/bullmq registered under `name`. */
const typed = <Data, Q>(queueClass: new (...args: never[]) => Q, name: string, make: (queue: Queue<Data>) => Q): Provider => ({
  provide: queueClass,
  useFactory: (queue: Queue) => make(queue as Queue<Data>),
  inject: [getQueueToken(name)],
});

/**
 * The queues of one Herald deployment, as their typed classes. Global, so any
 * service can inject `SendQueue` and friends without importing this module again.
 * Each queue has its own connection options and key prefix (a hash tag of its own on
 * a Redis Cluster, see queueKeyPrefix).
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    const bounds = { commandTimeoutMs: options.commandTimeoutMs };
    const shardNames = sendShardNames(options.connection.SEND_QUEUE_SHARDS);
    const others = [DEAD_LETTER_QUEUE, REPORTS_QUEUE, MAINTENANCE_QUEUE, CAMPAIGN_EXPANSION_QUEUE];
    const register = (name: string, extra: object = {}) =>
      BullModule.registerQueue({ name, ...queueOptions(options.connection, options.role, name), ...extra });
    const otherClasses = [DeadLetterQueue, ReportQueue, MaintenanceQueue, CampaignExpansionQueue];
    return {
      module: QueueModule,
      global: true,
      imports: [
        ...shardNames.map((name) => register(name, { defaultJobOptions: sendJobOptions({ attempts: options.sendAttempts }) })),
        ...others.map((name) => register(name)),
      ],
      providers: [
        {
          provide: SendQueue,
          useFactory: (...queues: Array<Queue<SendJobData>>) =>
            new SendQueue(
              queues.map((queue) => new SendShard(queue, bounds)),
              options.sendAttempts,
            ),
          inject: shardNames.map((name) => getQueueToken(name)),
        },
        typed(DeadLetterQueue, DEAD_LETTER_QUEUE, (queue: Queue<DeadLetterData>) => new DeadLetterQueue(queue, bounds)),
        typed(ReportQueue, REPORTS_QUEUE, (queue: Queue<ReportJobData>) => new ReportQueue(queue, bounds)),
        typed(MaintenanceQueue, MAINTENANCE_QUEUE, (queue: Queue<MaintenanceJobData>) => new MaintenanceQueue(queue, bounds)),
        typed(CampaignExpansionQueue, CAMPAIGN_EXPANSION_QUEUE, (queue: Queue<ExpandJobData>) => new CampaignExpansionQueue(queue, bounds)),
        {
          provide: ALL_HERALD_QUEUES,
          useFactory: (send: SendQueue, ...rest: Array<HeraldQueue<unknown>>): Array<HeraldQueue<unknown>> => [
            ...(send.shards as Array<HeraldQueue<unknown>>),
            ...rest,
          ],
          inject: [SendQueue, ...otherClasses],
        },
        QueueErrorLogger,
      ],
      exports: [SendQueue, ...otherClasses, ALL_HERALD_QUEUES],
    };
  }
}
