import type { Channel } from '../../../../libs/domain/src/index.js';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { AlimtalkSendRequest, LmsSendRequest, ResultLookupResponse, SmsSendRequest } from '../../../../libs/vendor/src/protocol.js';

interface SendRequestOf {
  alimtalk: AlimtalkSendRequest;
  sms: SmsSendRequest;
  lms: LmsSendRequest;
}

export interface JsonAnswer<T = Record<string, unknown>> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * A bare HTTP client for the simulator, so the tests exercise the wire, not the factory.
 * node:http rather than fetch: fetch's per-call overhead can stretch a 200-request
 * "burst" past one second on a slow machine, which would make the TPS test meaningless.
 */
export function simClient(baseUrl: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  function call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<JsonAnswer<T>> {
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    return new Promise((resolve, reject) => {
      const req = request(`${baseUrl}${path}`, {
        method,
        agent,
        signal: options.signal,
        headers: {
          'content-type': 'application/json',
          ...(payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }),
          ...options.headers,
        },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  function sendOn<C extends Channel>(channel: C, token: string, sendRequest: Partial<SendRequestOf[C]> | string, signal?: AbortSignal) {
    return call('POST', `/v1/send/${channel}`, {
      headers: { authorization: `Bearer ${token}` },
      ...(typeof sendRequest === 'string' ? { rawBody: sendRequest } : { body: sendRequest }),
      signal,
    });
  }

  return {
    call,
    token: (clientId: string, secret: string) =>
      call<{ code: string; result: string; data: { token: string; schema: string; expired: string } }>('POST', '/v1/auth/token', {
        headers: { 'X-IB-Client-Id': clientId, 'X-IB-Client-Passwd': secret },
      }),
    /** AlimTalk, the channel most tests use. */
    send: (token: string, sendRequest: Partial<AlimtalkSendRequest> | string, signal?: AbortSignal) => sendOn('alimtalk', token, sendRequest, signal),
    sendOn,
    /** POST /v1/results; a string is sent as the raw body. */
    lookup: (token: string, body: unknown) =>
      call<ResultLookupResponse>('POST', '/v1/results', {
        headers: { authorization: `Bearer ${token}` },
        ...(typeof body === 'string' ? { rawBody: body } : { body }),
      }),
    close: () => agent.destroy(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}
