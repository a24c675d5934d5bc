import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { operatorListDeadLettersSchema, operatorRedriveSchema, type OperatorListDeadLettersDto, type OperatorRedriveDto } from './dead-letter.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { OperatorAuth } from '../auth/producer-auth.js';
import { DeadLetterService } from './dead-letter.service.js';

/** Every tenant's dead letters, for operators: all of them, or one tenant's (`tenantId`). */
@Controller('v1/admin/dlq')
@OperatorAuth()
export class OperatorDeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  list(@Query(new ZodPipe(operatorListDeadLettersSchema)) query: OperatorListDeadLettersDto) {
    return this.deadLetters.list(query);
  }

  @Post('redrive')
  @HttpCode(200)
  redrive(@Body(new ZodPipe(operatorRedriveSchema)) body: OperatorRedriveDto) {
    return this.deadLetters.redrive(body);
  }
}
