import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { withTimeout } from '../../../../libs/common/src/index.js';
import {
  NotificationRepository,
  TemplateRepository,
  type Notification,
  type NotificationEvent,
} from '../../../../libs/db/src/index.js';
import { normalizeKoreanMobile, renderTemplate } from '../../../../libs/domain/src/index.js';
import { SEND_QUEUE, sendJob, type SendJobData } from '../../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import type { SendNotificationDto } from '../dtos/notification.dto.js';
import { ApiError } from '../errors/api-error.js';
import { resolveFailback } from './failback-text.js';

@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly templates: TemplateRepository,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue<SendJobData>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Validates and renders, stores the row, then enqueues. The row is committed
   * first: if the enqueue fails the row stays `pending` and is found again by the
   * reconciler, whereas a job without a row would be a message nobody can trace.
   */
  async send(input: SendNotificationDto): Promise<Notification> {
    const recipient = normalizeKoreanMobile(input.to);
    if (!recipient) throw ApiError.validation('to', 'must be a Korean mobile number (e.g. 010-1234-5678 or +82 10 1234 5678)');
    const template = await this.templates.find(input.templateCode);
    if (!template) throw new ApiError(400, 'unknown_template', `template ${input.templateCode} is not registered`, 'templateCode');
    const rendered = renderTemplate(template.body, input.variables);
    if (!rendered.ok) {
      throw ApiError.validation(`variables.${rendered.missing[0]}`, `template ${template.code} needs variable(s): ${rendered.missing.join(', ')}`);
    }
    const failback = resolveFailback(input, template);
    const notification = await this.notifications.insertPending(
      { id: uuidv7(), ref: input.ref, recipient, templateCode: template.code, variables: input.variables, text: rendered.text, ...failback },
      'api',
    );
    const job = sendJob(notification, 'alimtalk', { attempts: this.config.SEND_ATTEMPTS });
    try {
      // BullMQ waits for a connection rather than failing, so bound the wait here.
      await withTimeout(this.sendQueue.add(job.name, job.data, job.opts), this.config.ENQUEUE_TIMEOUT_MS, 'enqueue');
    } catch (error) {
      // Accepted all the same: the row is durable and the reconciler re-enqueues it.
      this.logger.warn({
        msg: `enqueue failed, left pending for the reconciler: ${(error as Error).message}`,
        notificationId: notification.id,
      });
    }
    return notification;
  }

  async get(id: string): Promise<Notification & { history: NotificationEvent[] }> {
    const notification = await this.notifications.find(id);
    if (!notification) throw ApiError.notFound(`notification ${id}`);
    return { ...notification, history: await this.notifications.history(id) };
  }
}
