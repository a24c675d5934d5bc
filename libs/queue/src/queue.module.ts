import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ALL_HERALD_QUEUES, ALL_QUEUES } from './all-queues.js';
import { CAMPAIGN_EXPANSION_QUEUE, CampaignExpansionQueue, type ExpandJobData } from './campaigns/campaign-expansion.queue.js';
import { queueRootOptions } from './connection/queue-root.js';
import { DEAD_LETTER_QUEUE, DeadLetterQueue, type DeadLetterData } from './dead-letters/dead-letter.queue.js';
import type { HeraldQueue } from './herald-queue.js';
import { MAINTENANCE_QUEUE, MaintenanceQueue, type MaintenanceJobData } from './maintenance/maintenance.queue.js';
import { QueueErrorLogger } from './queue-error.logger.js';
import { REPORTS_QUEUE, ReportQueue, type ReportJobData } from './reports/report.queue.js';
import { sendJobOptions, type SendJobData } from './send/send-job.js';
import { SEND_QUEUE, SendQueue } from './send/send.queue.js';

export interface QueueModuleOptions {
  connection: { REDIS_URL: string; QUEUE_PREFIX: string };
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
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    const classes = [SendQueue, DeadLetterQueue, ReportQueue, MaintenanceQueue, CampaignExpansionQueue];
    const bounds = { commandTimeoutMs: options.commandTimeoutMs };
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot(queueRootOptions(options.connection, options.role)),
        ...ALL_QUEUES.map((name) =>
          BullModule.registerQueue({
            name,
            ...(name === SEND_QUEUE ? { defaultJobOptions: sendJobOptions({ attempts: options.sendAttempts }) } : {}),
          }),
        ),
      ],
      providers: [
        typed(SendQueue, SEND_QUEUE, (queue: Queue<SendJobData>) => new SendQueue(queue, options.sendAttempts, bounds)),
        typed(DeadLetterQueue, DEAD_LETTER_QUEUE, (queue: Queue<DeadLetterData>) => new DeadLetterQueue(queue, bounds)),
        typed(ReportQueue, REPORTS_QUEUE, (queue: Queue<ReportJobData>) => new ReportQueue(queue, bounds)),
        typed(MaintenanceQueue, MAINTENANCE_QUEUE, (queue: Queue<MaintenanceJobData>) => new MaintenanceQueue(queue, bounds)),
        typed(CampaignExpansionQueue, CAMPAIGN_EXPANSION_QUEUE, (queue: Queue<ExpandJobData>) => new CampaignExpansionQueue(queue, bounds)),
        { provide: ALL_HERALD_QUEUES, useFactory: (...queues: Array<HeraldQueue<unknown>>) => queues, inject: classes },
        QueueErrorLogger,
      ],
      exports: [...classes, ALL_HERALD_QUEUES],
    };
  }
}
