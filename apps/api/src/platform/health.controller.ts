import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LIVE } from '../../../../libs/health/src/index.js';
import { HealthService } from './health.service.js';

/**
 * Probes for orchestrators: `live` (the process answers; restart it if not) and
 * `ready` (Postgres, Redis and migrations; send it traffic only then). `/health` is
 * the readiness probe under its earlier name, kept for existing checks.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live() {
    return LIVE;
  }

  @Get(['ready', ''])
  async ready(@Res() response: FastifyReply): Promise<void> {
    const report = await this.health.ready();
    response.status(report.status === 'ok' ? 200 : 503).send(report);
  }
}
