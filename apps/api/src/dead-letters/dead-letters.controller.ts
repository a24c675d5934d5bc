import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { listDeadLettersSchema, redriveSchema, type ListDeadLettersDto, type RedriveDto } from './dead-letter.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ProducerAuth } from '../auth/producer-auth.js';
import { DeadLetterService } from './dead-letter.service.js';

/** Dead letters as rows (Postgres is the truth), and redrive by filter or ids. */
@Controller('v1/dlq')
@ProducerAuth()
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  list(@Query(new ZodPipe(listDeadLettersSchema)) query: ListDeadLettersDto) {
    return this.deadLetters.list(query);
  }

  @Post('redrive')
  @HttpCode(200)
  redrive(@Body(new ZodPipe(redriveSchema)) body: RedriveDto) {
    return this.deadLetters.redrive(body);
  }
}
