import { Body, Controller, Get, Put } from '@nestjs/common';
import { OperatorAuth } from '../auth/producer-auth.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { vendorBudgetSchema, type VendorBudgetDto } from './vendor-budget.dto.js';
import { VendorBudgetService } from './vendor-budget.service.js';

/** The vendor budget (its TPS), an operator's to set: it is every tenant's. Every worker reads it from Redis on each job: a change applies at once, no restart. */
@Controller('v1/vendor/rate-limit')
@OperatorAuth()
export class VendorBudgetController {
  constructor(private readonly budget: VendorBudgetService) {}

  @Get()
  current() {
    return this.budget.current();
  }

  @Put()
  set(@Body(new ZodPipe(vendorBudgetSchema)) body: VendorBudgetDto) {
    return this.budget.set(body.tps);
  }
}
