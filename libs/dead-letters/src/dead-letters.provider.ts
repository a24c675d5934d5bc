import { getQueueToken } from '@nestjs/bullmq';
import type { FactoryProvider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { NotificationRepository } from '../../db/src/index.js';
import { DLQ_QUEUE, SEND_QUEUE } from '../../queue/src/index.js';
import { DeadLetters } from './dead-letters.js';

/** DeadLetters for a Nest app that registered the send and dead-letter queues. */
export function deadLettersProvider(sendAttempts: number): FactoryProvider<DeadLetters> {
  return {
    provide: DeadLetters,
    useFactory: (notifications: NotificationRepository, sendQueue: Queue, dlq: Queue) =>
      new DeadLetters(notifications, sendQueue, dlq, sendAttempts),
    inject: [NotificationRepository, getQueueToken(SEND_QUEUE), getQueueToken(DLQ_QUEUE)],
  };
}
