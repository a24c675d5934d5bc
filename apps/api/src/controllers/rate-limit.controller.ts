import { Body, Controller, Get, Put } from '@nestjs/common';
import { vendorRateLimitSchema, type VendorRateLimitDto } from '../dtos/rate-limit.dto.js';
import { ZodPipe } from '../dtos/zod-body.pipe.js';
import { ProducerAuth } from '../guards/producer-auth.js';
import { RateLimitService } from '../services/rate-limit.service.js';

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
  set(@Body(new ZodPipe(vendorRateLimitSchema)) body: VendorRateLimitDto) {
    return this.rateLimits.set(body.tps);
  }
}
