import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { WorkerConfig } from './worker-config.js';
import { WorkerModule } from './worker.module.js';

/** An application context, no HTTP routes: the worker only consumes queues. */
export async function createWorkerApp(config: WorkerConfig, options: { logger?: LogLevel[] } = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: options.logger ?? ['error', 'warn', 'log'] });
  return app;
}
