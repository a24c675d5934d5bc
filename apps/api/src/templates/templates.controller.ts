import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { createTemplateSchema, templateCodeSchema, type CreateTemplateDto, type TemplateView } from './template.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { TenantId } from '../auth/tenant.decorator.js';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor.js';
import { TemplateService } from './template.service.js';

/**
 * Herald's copy of the templates the vendor approved. Approval itself happens at
 * the vendor, out of band; registering here is what lets Herald render and check.
 */
@Controller('v1/templates')
@ProducerAuth()
export class TemplatesController {
  constructor(private readonly templates: TemplateService) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  register(@Body(new ZodPipe(createTemplateSchema)) body: CreateTemplateDto, @TenantId() tenantId: string): Promise<TemplateView> {
    return this.templates.register(tenantId, body);
  }

  @Get(':code')
  get(@Param('code', new ZodPipe(templateCodeSchema, 'code')) code: string, @TenantId() tenantId: string): Promise<TemplateView> {
    return this.templates.get(tenantId, code);
  }
}
