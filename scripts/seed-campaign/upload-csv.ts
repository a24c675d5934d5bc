import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface UploadAnswer {
  received: number;
  stored: number;
  rejected: number;
}

/** Streams a CSV to POST /v1/campaigns/:id/recipients: neither side holds the whole list. */
export function uploadCsv(apiUrl: string, apiKey: string, campaignId: string, csv: Iterable<string>): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`/v1/campaigns/${campaignId}/recipients`, apiUrl),
      { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text) as UploadAnswer) : reject(new Error(`upload: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    pipeline(Readable.from(csv), req).catch(reject);
  });
}
