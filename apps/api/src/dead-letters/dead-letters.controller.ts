import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { listDeadLettersSchema, redriveSchema, type ListDeadLettersDto, type RedriveDto } from './dead-letter.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { TenantId } from '../auth/tenant.decorator.js';
import { DeadLetterService } from './dead-letter.service.js';

/** The calling tenant's dead letters as rows (Postgres is the truth), and redrive by filter or ids. */
@Controller('v1/dlq')
@ProducerAuth()
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  list(@Query(new ZodPipe(listDeadLettersSchema)) query: ListDeadLettersDto, @TenantId() tenantId: string) {
    return this.deadLetters.list({ ...query, tenantId });
  }

  @Post('redrive')
  @HttpCode(200)
  redrive(@Body(new ZodPipe(redriveSchema)) body: RedriveDto, @TenantId() tenantId: string) {
    return this.deadLetters.redrive({ ...body, tenantId });
  }
}
