import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from '../../../../libs/queue/src/index.js';
import type { ApiConfig } from '../api-config.js';
import { basicAuth } from './basic-auth.middleware.js';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every Herald queue, behind basic auth. Mounted with the Express
 * adapter rather than @bull-board/nestjs, which is CommonJS requiring the ESM-only
 * @nestjs/common and cannot load under Jest's ESM mode.
 */
export function mountBullBoard(app: NestExpressApplication, config: ApiConfig): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Herald' } },
  });
  app.use(BULL_BOARD_PATH, basicAuth(config.ADMIN_USER, config.ADMIN_PASSWORD), serverAdapter.getRouter());
}
