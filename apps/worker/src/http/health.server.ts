import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DATABASE, type DatabaseHandle } from '../../../../libs/db/src/index.js';
import { checkDependencies, LIVE, readinessProbes } from '../../../../libs/health/src/index.js';
import { openRedisProbe } from '../../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/**
 * The worker has no HTTP API; this small server on WORKER_HEALTH_PORT answers the
 * orchestrator's probes (`/health/live`, `/health/ready`, and `/health` = ready, its
 * earlier name) and Prometheus (`/metrics`). Unauthenticated, so it listens on
 * WORKER_HEALTH_HOST: loopback unless the deployment opens it to its own network.
 */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private redisProbe?: ReturnType<typeof openRedisProbe>;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A producer-style connection: a health probe must fail fast, not wait for Redis.
    this.redisProbe = openRedisProbe(this.config);
    const probes = readinessProbes({ database: this.database, redis: this.redisProbe });
    const routes: Record<string, (response: ServerResponse) => Promise<void>> = {
      '/metrics': async (response) => {
        response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(await this.metrics.registry.metrics());
      },
      '/health/live': async (response) => json(response, 200, LIVE),
      '/health/ready': async (response) => {
        const report = await checkDependencies(probes);
        json(response, report.status === 'ok' ? 200 : 503, report);
      },
    };
    routes['/health'] = routes['/health/ready']!;
    this.server = createServer((request, response) => {
      const route = request.method === 'GET' ? routes[(request.url ?? '').split('?')[0]!] : undefined;
      if (!route) return void response.writeHead(404).end();
      route(response).catch(() => response.writeHead(500).end());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.WORKER_HEALTH_PORT, this.config.WORKER_HEALTH_HOST, resolve));
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.redisProbe?.close();
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
