import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SIGNATURE_HEADER } from '../../../../libs/vendor/src/protocol.js';
import { signReportBody } from '../../../../libs/vendor/src/report-signature.js';

/** Posts one signed callback; resolves on 2xx, rejects on anything else (status, network, timeout). */
export type ReportPoster = (url: string, rawBody: string, signal: AbortSignal) => Promise<void>;

export interface ReportPosterHandle {
  post: ReportPoster;
  close(): void;
}

/**
 * node:http with keep-alive agents rather than global fetch: fetch costs several times
 * more CPU per call, and with one report per callback the simulator would otherwise
 * spend most of its time reporting and become the benchmark's bottleneck.
 */
export function createReportPoster(secret: string, timeoutMs: number, maxSockets: number): ReportPosterHandle {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };

  const post: ReportPoster = (url, rawBody, signal) =>
    new Promise<void>((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const req = send(target, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(rawBody),
          [SIGNATURE_HEADER]: signReportBody(secret, rawBody),
        },
        signal,
      });
      // A socket-idle timeout rather than AbortSignal.timeout + AbortSignal.any, which
      // cost a timer and a signal per callback and showed up in profiles.
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`report callback timed out after ${timeoutMs} ms`)));
      req.on('response', (res) => {
        // Drain the body so the keep-alive socket goes back to the agent.
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`report callback answered ${status}`));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(rawBody);
    });

  return {
    post,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
