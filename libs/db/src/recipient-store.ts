import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { acceptsRecipients, SeenPhones, type CampaignStatus } from '../../domain/src/index.js';

export interface RecipientInput {
  recipient: string;
  variables: Record<string, string> | null;
}

export type StoreResult =
  { outcome: 'stored'; stored: number; recipientCount: number } | { outcome: 'not-found' } | { outcome: 'closed'; status: CampaignStatus };

/** Lines per chunk written to COPY: one stream write per chunk, not per row. */
const LINES_PER_CHUNK = 1000;

/**
 * Stores an upload of any size in constant memory, streaming its rows through COPY;
 * a recipient already in the campaign (a re-uploaded page) or repeated in the file is
 * stored once. Everything happens in one transaction holding the campaign's row lock:
 * a start waits for the upload, and a failed upload stores nothing.
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
      const first = await client.query<{ empty: boolean }>('select not exists (select 1 from campaign_recipients where campaign_id = $1) as empty', [
        campaignId,
      ]);
      const stored = first.rows[0]!.empty ? await copyFirstUpload(client, campaignId, rows) : await mergeUpload(client, campaignId, rows);
      const total = await client.query<{ recipient_count: number }>(
        'update campaigns set recipient_count = recipient_count + $2, updated_at = now() where id = $1 returning recipient_count',
        [campaignId, stored],
      );
      await client.query('commit');
      return { outcome: 'stored', stored, recipientCount: total.rows[0]!.recipient_count };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * The first upload of a campaign has nothing to merge with: its rows, deduplicated in
 * fixed memory (SeenPhones), are copied straight into campaign_recipients, which is
 * what makes a 420,000-row list cost about one COPY.
 */
async function copyFirstUpload(client: pg.PoolClient, campaignId: string, rows: Rows): Promise<number> {
  const seen = new SeenPhones();
  const lines = chunkLines(rows, `${campaignId},`, (row) => seen.add(row.recipient));
  await pipeline(Readable.from(lines.chunks), client.query(copyFrom('copy campaign_recipients (campaign_id, recipient, variables) from stdin (format csv)')));
  return lines.written();
}

/**
 * A later upload goes through a temporary table, then one INSERT … SELECT adds the
 * recipients not there yet. Set-based dedupe (first occurrence in the file wins, file
 * order kept) instead of ON CONFLICT, whose per-row speculative insertion took three
 * times as long; safe without it because uploads to one campaign are serialized by the
 * campaign's row lock, and the unique index still refuses anything that slipped through.
 */
async function mergeUpload(client: pg.PoolClient, campaignId: string, rows: Rows): Promise<number> {
  await client.query('create temp table upload (n bigserial, recipient text, variables jsonb) on commit drop');
  await pipeline(Readable.from(chunkLines(rows, '').chunks), client.query(copyFrom('copy upload (recipient, variables) from stdin (format csv)')));
  const inserted = await client.query(
    `insert into campaign_recipients (campaign_id, recipient, variables)
     select $1::uuid, recipient, variables from (
       select distinct on (recipient) n, recipient, variables from upload u
       where not exists (select 1 from campaign_recipients r where r.campaign_id = $1 and r.recipient = u.recipient)
       order by recipient, n
     ) first_seen order by n`,
    [campaignId],
  );
  return inserted.rowCount ?? 0;
}

type Rows = AsyncIterable<RecipientInput> | Iterable<RecipientInput>;

/**
 * COPY's CSV lines, LINES_PER_CHUNK to a write; `prefix` fills leading columns (the
 * campaign id), `keep` drops rows (repeats). One generator, not a chain of them: each
 * layer costs a promise per row, which shows at 420,000 rows.
 */
function chunkLines(rows: Rows, prefix: string, keep: (row: RecipientInput) => boolean = () => true) {
  let written = 0;
  async function* chunks(): AsyncGenerator<string> {
    let chunk = '';
    let lines = 0;
    for await (const row of rows) {
      if (!keep(row)) continue;
      chunk += `${prefix}${csvField(row.recipient)},${row.variables ? csvField(JSON.stringify(row.variables)) : ''}\n`;
      written += 1;
      if (++lines === LINES_PER_CHUNK) {
        yield chunk;
        chunk = '';
        lines = 0;
      }
    }
    if (chunk) yield chunk;
  }
  return { chunks: chunks(), written: () => written };
}

/** COPY's CSV quoting: always quoted, quotes doubled; an unquoted empty field is NULL. */
function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
