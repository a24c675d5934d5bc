import { Pool, errors } from 'undici';
import type { Channel } from '../../domain/src/index.js';
import type {
  AlimtalkSendRequest,
  BulkItemResult,
  BulkSendRequest,
  BulkSendResponse,
  LmsSendRequest,
  ResultLookupEntry,
  ResultLookupRequest,
  ResultLookupResponse,
  SendAccepted,
  SmsSendRequest,
  TokenResponse,
  VendorErrorBody,
} from './protocol.js';
import { VendorError, type VendorClient } from './vendor-client.js';

export interface HttpVendorClientOptions {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Whole-request budget for one vendor call, connect to last byte. */
  timeoutMs: number;
  /** Keep-alive sockets; size it to the worker's concurrency. */
  connections: number;
}

// Refresh a little before the vendor's expiry so an in-flight call never carries a stale token.
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Talks to an Infobank-OMNI-shaped vendor over a keep-alive undici pool. */
export class HttpVendorClient implements VendorClient {
  private readonly pool: Pool;
  private token?: { value: string; expiresAt: number };
  private tokenRequest?: Promise<string>;

  constructor(private readonly options: HttpVendorClientOptions) {
    this.pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  }

  sendAlimtalk(request: AlimtalkSendRequest): Promise<SendAccepted> {
    return this.send('/v1/send/alimtalk', request);
  }

  async sendAlimtalkBulk(requests: AlimtalkSendRequest[]): Promise<Array<SendAccepted | VendorError>> {
    const response = await this.send<BulkSendResponse>('/v1/send/alimtalk/bulk', { messages: requests } satisfies BulkSendRequest<AlimtalkSendRequest>);
    if (response.results?.length !== requests.length) {
      throw new VendorError('http', `vendor answered ${response.results?.length ?? 'no'} results for ${requests.length} messages`, 502);
    }
    return response.results.map(toSendResult);
  }

  sendSms(request: SmsSendRequest): Promise<SendAccepted> {
    return this.send('/v1/send/sms', request);
  }

  sendLms(request: LmsSendRequest): Promise<SendAccepted> {
    return this.send('/v1/send/lms', request);
  }

  async lookupResults(channel: Channel, refs: readonly string[]): Promise<ResultLookupEntry[]> {
    if (refs.length === 0) return [];
    const response = await this.send<ResultLookupResponse>('/v1/results', { channel, refs: [...refs] } satisfies ResultLookupRequest);
    // Results are matched to rows by position, so an answer out of order must not be trusted.
    const results = response.results;
    if (results?.length !== refs.length || results.some((entry, index) => entry.ref !== refs[index])) {
      throw new VendorError('http', `vendor answered ${results?.length ?? 'no'} results that do not match the ${refs.length} refs asked`, 502);
    }
    return results;
  }

  private async send<T = SendAccepted>(path: string, request: unknown): Promise<T> {
    const token = await this.currentToken();
    try {
      return await this.call<T>(path, request, { authorization: `Bearer ${token}` });
    } catch (error) {
      // The vendor may revoke tokens early; drop ours so the retry fetches a new one.
      if (error instanceof VendorError && error.httpStatus === 401) this.token = undefined;
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private currentToken(): Promise<string> {
    if (this.token && this.token.expiresAt - TOKEN_REFRESH_MARGIN_MS > Date.now()) {
      return Promise.resolve(this.token.value);
    }
    // One token request at a time, however many jobs are waiting for it.
    this.tokenRequest ??= this.fetchToken().finally(() => (this.tokenRequest = undefined));
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<string> {
    const response = await this.call<TokenResponse>('/v1/auth/token', undefined, {
      'x-ib-client-id': this.options.clientId,
      'x-ib-client-passwd': this.options.clientSecret,
    });
    this.token = { value: response.data.token, expiresAt: Date.parse(response.data.expired) };
    return response.data.token;
  }

  private async call<T>(path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    // A timer cleared when the call ends, not AbortSignal.timeout: that one fires (and
    // builds an exception) for every call once its time is up, answered or not.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException('vendor call timed out', 'TimeoutError')), this.options.timeoutMs);
    let response;
    let text: string;
    try {
      response = await this.pool.request({
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
      });
      text = await response.body.text();
    } catch (error) {
      throw toTransportError(error, this.options.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return JSON.parse(text) as T;
    const parsed = safeJson<VendorErrorBody>(text);
    const retryAfterSeconds = Number(response.headers['retry-after']);
    const retryAfterMs = parsed?.retryAfterMs ?? (Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : undefined);
    throw new VendorError(
      'http',
      `vendor answered ${response.statusCode}: ${parsed?.result ?? text.slice(0, 200)}`,
      response.statusCode,
      parsed?.code,
      retryAfterMs,
    );
  }
}

/** A bulk item as the single endpoint's answer would have been: accepted, or the VendorError it would have thrown. */
function toSendResult(item: BulkItemResult): SendAccepted | VendorError {
  if (item.status === 200) {
    const { status: _status, ...accepted } = item;
    return accepted as SendAccepted;
  }
  const failed = item as VendorErrorBody & { status: number };
  return new VendorError('http', `vendor answered ${failed.status}: ${failed.result}`, failed.status, failed.code, failed.retryAfterMs);
}

function toTransportError(error: unknown, timeoutMs: number): VendorError {
  const timedOut =
    (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError;
  if (timedOut) return new VendorError('timeout', `vendor did not answer within ${timeoutMs} ms`);
  return new VendorError('network', `vendor unreachable: ${(error as Error).message}`);
}

function safeJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
