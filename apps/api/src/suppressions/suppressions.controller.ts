import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { listSuppressionsSchema, phoneParamSchema, suppressSchema, type ListSuppressionsDto, type SuppressDto } from './suppression.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { SuppressionService } from './suppression.service.js';

/** Opted-out or removed phones: campaign messages to them are recorded as skipped, not sent. */
@Controller('v1/suppressions')
@ProducerAuth()
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionService) {}

  @Post()
  @HttpCode(201)
  suppress(@Body(new ZodPipe(suppressSchema)) body: SuppressDto) {
    return this.suppressions.suppress(body);
  }

  @Get()
  list(@Query(new ZodPipe(listSuppressionsSchema, '(query)')) query: ListSuppressionsDto) {
    return this.suppressions.list(query);
  }

  @Get(':phone')
  get(@Param('phone', new ZodPipe(phoneParamSchema, 'phone')) phone: string) {
    return this.suppressions.get(phone);
  }

  @Delete(':phone')
  @HttpCode(204)
  async remove(@Param('phone', new ZodPipe(phoneParamSchema, 'phone')) phone: string): Promise<void> {
    await this.suppressions.remove(phone);
  }
}
