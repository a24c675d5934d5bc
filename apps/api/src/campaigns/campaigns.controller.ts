import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UseInterceptors } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { campaignIdSchema, createCampaignSchema, type CreateCampaignDto } from './campaign.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { Producer, TenantId } from '../auth/tenant.decorator.js';
import type { ProducerCredential } from '../auth/credential.js';
import { StreamedBody } from '../http/streamed-body.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';
import { CampaignService } from './campaign.service.js';

const campaignId = new ZodPipe(campaignIdSchema, 'id');

/**
 * Campaigns: create (draft, or scheduled with scheduledAt), add recipients in pages
 * or as one streamed CSV/NDJSON body, then start, pause, resume or cancel.
 */
@Controller('v1/campaigns')
@ProducerAuth()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignService) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  create(@Body(new ZodPipe(createCampaignSchema)) body: CreateCampaignDto, @TenantId() tenantId: string) {
    return this.campaigns.create(tenantId, body);
  }

  @Get(':id')
  get(@Param('id', campaignId) id: string, @TenantId() tenantId: string) {
    return this.campaigns.get(tenantId, id);
  }

  /**
   * The body is read here as a stream (no body parser reads it first), so an upload
   * of any size passes through in constant memory. Re-uploading changes nothing.
   */
  @Post(':id/recipients')
  @HttpCode(200)
  @StreamedBody()
  addRecipients(
    @Param('id', campaignId) id: string,
    @Req() request: FastifyRequest,
    @TenantId() tenantId: string,
    @Headers('content-type') contentType?: string,
  ) {
    return this.campaigns.addRecipients(tenantId, id, request.raw, contentType);
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@Param('id', campaignId) id: string, @Producer() producer: ProducerCredential) {
    return this.campaigns.start(producer.tenant, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id', campaignId) id: string, @TenantId() tenantId: string) {
    return this.campaigns.pause(tenantId, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id', campaignId) id: string, @TenantId() tenantId: string) {
    return this.campaigns.resume(tenantId, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', campaignId) id: string, @TenantId() tenantId: string) {
    return this.campaigns.cancel(tenantId, id);
  }
}
