import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DATABASE, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { checkDependencies } from '../../../libs/health/src/index.js';
import { queueRootOptions, SEND_QUEUE } from '../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/** The worker has no HTTP API; this small server answers GET /health and GET /metrics. */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private probeQueue?: Queue;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A producer-style connection: a health probe must fail fast, not wait for Redis.
    this.probeQueue = new Queue(SEND_QUEUE, queueRootOptions(this.config, 'producer'));
    this.server = createServer(async (request, response) => {
      if (request.method === 'GET' && request.url === '/metrics') {
        response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(await this.metrics.registry.metrics());
        return;
      }
      if (request.method !== 'GET' || request.url !== '/health') {
        response.writeHead(404).end();
        return;
      }
      const report = await checkDependencies({
        postgres: () => this.database.pool.query('select 1'),
        redis: () => this.probeQueue!.getWaitingCount(),
      });
      response.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.WORKER_HEALTH_PORT, resolve));
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.probeQueue?.close();
  }
}
