import { Injectable } from '@nestjs/common';
import { DeadLetters } from '../../../../libs/dead-letters/src/index.js';
import { NotificationRepository, type DeadFilter, type KeysetRow, type Notification } from '../../../../libs/db/src/index.js';
import { maskPhone } from '../../../../libs/domain/src/index.js';
import type { DeadLetterPage, DeadLetterView, ListDeadLettersDto, RedriveDto, RedriveResult } from './dead-letter.dto.js';

/** A listing or redrive: one tenant's (a producer's, or an operator's narrowed) or, without tenantId, every tenant's. */
type Scoped<T> = T & { tenantId?: string };
import { ApiError } from '../errors/api-error.js';

/** A cursor's position as findDead writes it (microseconds, UTC), and a row id. */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One redrive call moves at most this many; the answer says whether more remain. */
const REDRIVE_LIMIT = 10_000;
const PAGE = 500;

@Injectable()
export class DeadLetterService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
  ) {}

  async list(query: Scoped<ListDeadLettersDto>): Promise<DeadLetterPage> {
    const rows = await this.notifications.findDead({ ...query, after: decodeCursor(query.cursor) }, query.limit);
    const last = rows.at(-1);
    return {
      items: rows.map(toDeadLetterView),
      nextCursor: rows.length === query.limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * Redrives every dead notification the filter matches, up to REDRIVE_LIMIT a call;
   * `more` says whether any still matches. No cursor: a redriven row leaves the dead
   * set, so each page is the first page of what is still dead, and a row that died
   * meanwhile is found too.
   */
  async redrive(filter: Scoped<RedriveDto>): Promise<RedriveResult> {
    let redriven = 0;
    while (redriven < REDRIVE_LIMIT) {
      const rows = await this.notifications.findDead(filter, Math.min(filter.ids?.length ?? PAGE, REDRIVE_LIMIT - redriven));
      let moved = 0;
      for (const row of rows) {
        if (!(await this.deadLetters.redrive(row.id, 'operator'))) continue;
        await this.deadLetters.discardLetter(row.id);
        moved += 1;
      }
      redriven += moved;
      if (rows.length === 0) return { redriven, more: false };
      // Every row of the page was taken by a redrive running beside this one: let it go on.
      if (moved === 0) break;
    }
    return { redriven, more: (await this.notifications.findDead(filter, 1)).length > 0 };
  }
}

function toDeadLetterView(row: Notification): DeadLetterView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    to: maskPhone(row.recipient),
    templateCode: row.templateCode,
    campaignId: row.campaignId,
    code: row.lastCode,
    error: row.lastError,
    attempts: row.attempts,
    diedAt: row.updatedAt,
  };
}

function encodeCursor(row: KeysetRow): string {
  return Buffer.from(JSON.stringify([row.cursorAt, row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): DeadFilter['after'] {
  if (!cursor) return undefined;
  try {
    const [cursorAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof cursorAt !== 'string' || !CURSOR_AT.test(cursorAt) || typeof id !== 'string' || !UUID.test(id)) throw new Error('bad cursor');
    return { cursorAt, id };
  } catch {
    throw ApiError.validation('cursor', 'is not a cursor this API returned');
  }
}
