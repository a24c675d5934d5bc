import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { acceptsRecipients, type CampaignStatus } from '../../domain/src/index.js';

export interface RecipientInput {
  recipient: string;
  variables: Record<string, string> | null;
}

export type StoreResult =
  | { outcome: 'stored'; received: number; stored: number; recipientCount: number }
  | { outcome: 'not-found' }
  | { outcome: 'closed'; status: CampaignStatus };

/** Lines per chunk written to COPY: one stream write per chunk, not per row. */
const LINES_PER_CHUNK = 1000;

/**
 * Stores an upload of any size in constant memory: rows stream through COPY into a
 * temporary table, then one INSERT … SELECT moves the ones not yet there into
 * campaign_recipients, so a recipient already there (a re-uploaded page) or repeated
 * in the file is stored once. Everything happens in one transaction holding the
 * campaign's row lock: a start waits for the upload, and a failed upload stores nothing.
 */
export class RecipientStore {
  constructor(private readonly pool: pg.Pool) {}

  async store(campaignId: string, rows: AsyncIterable<RecipientInput> | Iterable<RecipientInput>): Promise<StoreResult> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const locked = await client.query<{ status: CampaignStatus }>('select status from campaigns where id = $1 for update', [campaignId]);
      const status = locked.rows[0]?.status;
      if (!status || !acceptsRecipients(status)) {
        await client.query('rollback');
        return status ? { outcome: 'closed', status } : { outcome: 'not-found' };
      }
      await client.query('create temp table upload (n bigserial, recipient text, variables jsonb) on commit drop');
      let received = 0;
      await pipeline(
        Readable.from(
          chunkLines(rows, () => {
            received += 1;
          }),
        ),
        client.query(copyFrom('copy upload (recipient, variables) from stdin (format csv)')),
      );
      // Set-based dedupe (first occurrence in the file wins, file order kept) instead of
      // ON CONFLICT, whose per-row speculative insertion took three times as long. Safe
      // without it: uploads to one campaign are serialized by the row lock above, and the
      // unique index still refuses anything that slipped through.
      const inserted = await client.query(
        `insert into campaign_recipients (campaign_id, recipient, variables)
         select $1::uuid, recipient, variables from (
           select distinct on (recipient) n, recipient, variables from upload u
           where not exists (select 1 from campaign_recipients r where r.campaign_id = $1 and r.recipient = u.recipient)
           order by recipient, n
         ) first_seen order by n`,
        [campaignId],
      );
      const counted = await client.query<{ recipient_count: number }>(
        'update campaigns set recipient_count = recipient_count + $2, updated_at = now() where id = $1 returning recipient_count',
        [campaignId, inserted.rowCount ?? 0],
      );
      await client.query('commit');
      return { outcome: 'stored', received, stored: inserted.rowCount ?? 0, recipientCount: counted.rows[0]!.recipient_count };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

async function* chunkLines(rows: AsyncIterable<RecipientInput> | Iterable<RecipientInput>, onRow: () => void): AsyncGenerator<string> {
  let chunk = '';
  let lines = 0;
  for await (const row of rows) {
    onRow();
    chunk += `${csvField(row.recipient)},${row.variables ? csvField(JSON.stringify(row.variables)) : ''}\n`;
    lines += 1;
    if (lines === LINES_PER_CHUNK) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk) yield chunk;
}

/** COPY's CSV quoting: always quoted, quotes doubled; an unquoted empty field is NULL. */
function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
