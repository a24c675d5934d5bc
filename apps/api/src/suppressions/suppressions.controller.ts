import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { listSuppressionsSchema, phoneParamSchema, suppressSchema, type ListSuppressionsDto, type SuppressDto } from './suppression.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { Producer } from '../auth/tenant.decorator.js';
import type { ProducerCredential } from '../auth/credential.js';
import { SuppressionService } from './suppression.service.js';

const phoneParam = new ZodPipe(phoneParamSchema, 'phone');

/**
 * The calling tenant's opted-out or removed phones: its campaign messages to them are
 * recorded as skipped, not sent. Phones are answered masked unless the key has the
 * `recipients:read` scope. Operators keep a list for every tenant (/v1/admin/suppressions).
 */
@Controller('v1/suppressions')
@ProducerAuth()
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionService) {}

  @Post()
  @HttpCode(201)
  suppress(@Body(new ZodPipe(suppressSchema)) body: SuppressDto, @Producer() producer: ProducerCredential) {
    return this.suppressions.suppress(producer, { tenantId: producer.tenant.id }, body);
  }

  @Get()
  list(@Query(new ZodPipe(listSuppressionsSchema, '(query)')) query: ListSuppressionsDto, @Producer() producer: ProducerCredential) {
    return this.suppressions.list(producer, { tenantId: producer.tenant.id }, query);
  }

  @Get(':phone')
  get(@Param('phone', phoneParam) phone: string, @Producer() producer: ProducerCredential) {
    return this.suppressions.get(producer, { tenantId: producer.tenant.id }, phone);
  }

  @Delete(':phone')
  @HttpCode(204)
  async remove(@Param('phone', phoneParam) phone: string, @Producer() producer: ProducerCredential): Promise<void> {
    await this.suppressions.remove({ tenantId: producer.tenant.id }, phone);
  }
}
