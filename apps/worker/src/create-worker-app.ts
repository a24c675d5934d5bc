import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createAppLogger } from '../../../libs/logging/src/index.js';
import type { WorkerConfig } from './worker-config.js';
import { WorkerModule } from './worker.module.js';

/** An application context, no HTTP routes: the worker only consumes queues. Tests may narrow or capture its logs. */
export async function createWorkerApp(
  config: WorkerConfig,
  options: { logger?: LogLevel[]; logDestination?: DestinationStream } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: await createAppLogger('herald-worker', config, { levels: options.logger, destination: options.logDestination }),
  });
  return app;
}
