import { Body, Controller, Get, Put } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../dtos/zod-body.pipe.js';
import { ProducerAuth } from '../guards/producer-auth.js';
import { RateLimitService } from '../services/rate-limit.service.js';

const rateLimitSchema = z.strictObject({ tps: z.number().int().min(1).max(100_000) });

/** Every worker reads the budget from Redis on each job: a change applies at once, no restart. */
@Controller('v1/vendor/rate-limit')
@ProducerAuth()
export class RateLimitController {
  constructor(private readonly rateLimits: RateLimitService) {}

  @Get()
  current() {
    return this.rateLimits.current();
  }

  @Put()
  set(@Body(new ZodPipe(rateLimitSchema)) body: z.infer<typeof rateLimitSchema>) {
    return this.rateLimits.set(body.tps);
  }
}
