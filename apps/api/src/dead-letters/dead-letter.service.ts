import { Injectable } from '@nestjs/common';
import { DeadLetters } from '../../../../libs/dead-letters/src/index.js';
import { NotificationRepository, type DeadFilter, type Notification } from '../../../../libs/db/src/index.js';
import { maskPhone } from '../../../../libs/domain/src/index.js';
import type { ListDeadLettersDto, RedriveDto } from './dead-letter.dto.js';
import { ApiError } from '../errors/api-error.js';

/** One redrive call moves at most this many; the answer says whether more remain. */
const REDRIVE_LIMIT = 10_000;
const PAGE = 500;

@Injectable()
export class DeadLetterService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
  ) {}

  async list(query: ListDeadLettersDto) {
    const rows = await this.notifications.findDead({ ...query, after: decodeCursor(query.cursor) }, query.limit);
    const last = rows.at(-1);
    return {
      items: rows.map(toDeadLetterView),
      nextCursor: rows.length === query.limit && last ? encodeCursor(last) : null,
    };
  }

  /** Redrives every dead notification the filter matches; ones no longer dead are skipped. */
  async redrive(filter: RedriveDto): Promise<{ redriven: number; more: boolean }> {
    let redriven = 0;
    let after: DeadFilter['after'];
    while (redriven < REDRIVE_LIMIT) {
      const page = filter.ids ? filter.ids.length : PAGE;
      const rows = await this.notifications.findDead({ ...filter, after }, Math.min(page, REDRIVE_LIMIT - redriven));
      for (const row of rows) {
        if (!(await this.deadLetters.redrive(row.id, 'operator'))) continue;
        await this.deadLetters.discardLetter(row.id);
        redriven += 1;
      }
      if (rows.length === 0 || filter.ids) return { redriven, more: false };
      after = { updatedAt: rows.at(-1)!.updatedAt, id: rows.at(-1)!.id };
    }
    return { redriven, more: true };
  }
}

function toDeadLetterView(row: Notification) {
  return {
    id: row.id,
    to: maskPhone(row.recipient),
    templateCode: row.templateCode,
    campaignId: row.campaignId,
    code: row.lastCode,
    error: row.lastError,
    attempts: row.attempts,
    diedAt: row.updatedAt,
  };
}

function encodeCursor(row: Notification): string {
  return Buffer.from(JSON.stringify([row.updatedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): DeadFilter['after'] {
  if (!cursor) return undefined;
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(updatedAt);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { updatedAt: date, id };
  } catch {
    throw ApiError.validation('cursor', 'is not a cursor this API returned');
  }
}
