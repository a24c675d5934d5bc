import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ProducerAuth } from '../auth/producer-auth.js';
import { TenantId } from '../auth/tenant.decorator.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import {
  createWebhookSchema,
  rotateWebhookSecretSchema,
  updateWebhookSchema,
  webhookIdSchema,
  type CreateWebhookDto,
  type RotateWebhookSecretDto,
  type UpdateWebhookDto,
} from './webhook.dto.js';
import { WebhookService } from './webhook.service.js';

const webhookId = new ZodPipe(webhookIdSchema, 'id');

/** The calling tenant's webhook subscriptions: endpoints that receive its messages' status changes, signed. */
@Controller('v1/webhooks')
@ProducerAuth()
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @HttpCode(201)
  create(@Body(new ZodPipe(createWebhookSchema)) body: CreateWebhookDto, @TenantId() tenantId: string) {
    return this.webhooks.create(tenantId, body);
  }

  @Get()
  list(@TenantId() tenantId: string) {
    return this.webhooks.list(tenantId);
  }

  @Get(':id')
  get(@Param('id', webhookId) id: string, @TenantId() tenantId: string) {
    return this.webhooks.get(tenantId, id);
  }

  @Patch(':id')
  update(@Param('id', webhookId) id: string, @Body(new ZodPipe(updateWebhookSchema)) body: UpdateWebhookDto, @TenantId() tenantId: string) {
    return this.webhooks.update(tenantId, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(201)
  rotateSecret(@Param('id', webhookId) id: string, @Body(new ZodPipe(rotateWebhookSecretSchema)) body: RotateWebhookSecretDto, @TenantId() tenantId: string) {
    return this.webhooks.rotateSecret(tenantId, id, body.overlapSeconds);
  }

  /** 200 whatever the endpoint answered: the answer says what that was. */
  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', webhookId) id: string, @TenantId() tenantId: string) {
    return this.webhooks.test(tenantId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', webhookId) id: string, @TenantId() tenantId: string): Promise<void> {
    await this.webhooks.remove(tenantId, id);
  }
}
