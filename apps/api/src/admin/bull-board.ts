import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { ALL_HERALD_QUEUES, type HeraldQueue } from '../../../../libs/queue/src/index.js';
import type { ApiConfig } from '../api-config.js';
import { basicAuth } from './basic-auth.hook.js';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every Herald queue, behind basic auth. Mounted as a Fastify plugin
 * rather than with @bull-board/nestjs, which is CommonJS requiring the ESM-only
 * @nestjs/common and cannot load under Jest's ESM mode.
 */
export async function mountBullBoard(app: NestFastifyApplication, config: ApiConfig): Promise<void> {
  const serverAdapter = new BullBoardAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: app.get<Array<HeraldQueue<unknown>>>(ALL_HERALD_QUEUES).map((queue) => new BullMQAdapter(queue.bullQueue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Herald' } },
  });
  // A scope of its own, so that the login hook guards the board and nothing else.
  await app.register(
    async (board: FastifyInstance) => {
      board.addHook('onRequest', basicAuth(config.ADMIN_USER, config.ADMIN_PASSWORD));
      // Unknown paths under the board ask for the login too, then answer like any other 404.
      board.setNotFoundHandler((request) => {
        throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
      });
      await board.register(serverAdapter.registerPlugin());
    },
    { prefix: BULL_BOARD_PATH },
  );
}
