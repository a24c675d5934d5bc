import { Body, Controller, Get, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  notificationIdSchema,
  sendBatchSchema,
  sendNotificationSchema,
  type AcceptedBatch,
  type AcceptedNotification,
  type NotificationView,
  type SendBatchDto,
  type SendNotificationDto,
} from './notification.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { Producer } from '../auth/tenant.decorator.js';
import type { ProducerCredential } from '../auth/credential.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';
import { keyedRequestOf } from '../idempotency/keyed-request.js';
import { NotificationService } from './notification.service.js';

@Controller('v1/notifications')
@ProducerAuth()
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  /**
   * 202: stored durably and queued; delivery happens asynchronously. A retry with
   * the same Idempotency-Key gets the first answer instead of a second message.
   */
  @Post()
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async send(
    @Body(new ZodPipe(sendNotificationSchema)) body: SendNotificationDto,
    @Req() request: FastifyRequest,
    @Producer() producer: ProducerCredential,
  ): Promise<AcceptedNotification> {
    const notification = await this.notifications.send(producer.tenant, body, keyedRequestOf(request));
    return { id: notification.id, status: notification.status };
  }

  /**
   * 202: up to 1,000 notifications stored (one statement) and queued (one addBulk), or
   * none: a bad notification refuses the batch, naming `notifications.<index>.<field>`.
   * The answer lists them in the order sent.
   */
  @Post('batch')
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async sendBatch(
    @Body(new ZodPipe(sendBatchSchema)) body: SendBatchDto,
    @Req() request: FastifyRequest,
    @Producer() producer: ProducerCredential,
  ): Promise<AcceptedBatch> {
    const notifications = await this.notifications.sendBatch(producer.tenant, body.notifications, keyedRequestOf(request));
    return { notifications: notifications.map((notification) => ({ id: notification.id, status: notification.status })) };
  }

  /** The phone number is masked unless the key has the `recipients:read` scope. */
  @Get(':id')
  get(@Param('id', new ZodPipe(notificationIdSchema, 'id')) id: string, @Producer() producer: ProducerCredential): Promise<NotificationView> {
    return this.notifications.get(producer, id);
  }
}
