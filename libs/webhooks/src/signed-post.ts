import { signDelivery } from './signature.js';

/** What one POST to an endpoint came to: its status, or why there was none. */
export interface PostOutcome {
  status: number | null;
  durationMs: number;
  /** Set when no answer came (timeout, refused connection, reset). */
  error?: string;
}

/**
 * POSTs `body` (JSON, already serialized: the signature covers these exact bytes) to
 * `url`, signed per Standard Webhooks with every secret given. Redirects are not
 * followed (a 3xx is the answer: following one could lead anywhere, past the address
 * check); the answer's body is read and dropped, never stored.
 */
export async function postSigned(url: string, body: string, signing: { secrets: string[]; id: string; at: Date }, timeoutMs: number): Promise<PostOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', 'user-agent': 'Herald-Webhooks/1', ...signDelivery(signing.secrets, signing.id, signing.at, body) },
      body,
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { status: null, durationMs: Math.round(performance.now() - started), error: reason };
  }
}
