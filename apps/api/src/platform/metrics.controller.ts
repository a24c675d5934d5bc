import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { API_METRICS } from './api-metrics.js';

/** Prometheus' scrape target; what each metric means is in the README's operating guide. */
@Controller('metrics')
@UseGuards(MetricsTokenGuard)
export class MetricsController {
  constructor(@Inject(API_METRICS) private readonly registry: Registry) {}

  @Get()
  async scrape(@Res() response: FastifyReply): Promise<void> {
    response.type(this.registry.contentType).send(await this.registry.metrics());
  }
}
