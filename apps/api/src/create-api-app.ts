import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createAppLogger } from '../../../libs/logging/src/index.js';
import type { ApiConfig } from './api-config.js';
import { mountBullBoard } from './admin/bull-board.js';
import { ApiModule } from './api.module.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';

const RECIPIENT_UPLOAD = /^\/v1\/campaigns\/[^/]+\/recipients\/?(\?|$)/;
const isRecipientUpload = (request: IncomingMessage) => request.method === 'POST' && RECIPIENT_UPLOAD.test(request.url ?? '');
const isJson = (request: IncomingMessage) => /^application\/(.+\+)?json\s*(;|$)/i.test(request.headers['content-type'] ?? '');

/** Builds the API; main.ts listens on PORT, tests listen on port 0 (and may narrow the log levels). */
export async function createApiApp(config: ApiConfig, options: { logger?: LogLevel[] } = {}): Promise<NestExpressApplication> {
  // rawBody: the report callback's signature is computed over the exact bytes sent.
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    rawBody: true,
    bodyParser: false,
    logger: await createAppLogger('herald-api', config, { levels: options.logger }),
  });
  // Campaign recipient uploads are read as streams by their controller, not buffered here.
  app.useBodyParser('json', { limit: config.MAX_BODY_BYTES, type: (request) => isJson(request) && !isRecipientUpload(request) });
  app.useGlobalFilters(new HttpErrorFilter());
  mountBullBoard(app, config);
  return app;
}
