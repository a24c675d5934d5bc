/** An answer outside 2xx, as Herald's error body states it: `{error: {code, message, field?}}`. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** Nothing answered at the API's address (not running, another port, no such host), or not in time. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly apiUrl: string,
    readonly reason: string,
  ) {
    super(`${apiUrl}: ${reason}`);
    this.name = 'ApiUnreachableError';
  }
}

/** One call to /v1/admin; resolves to the parsed answer, or undefined for a 204. */
export type AdminApi = <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<T>;

/** Every admin route answers at once; a hung connection should not hang the operator's terminal. */
const ANSWER_TIMEOUT_MS = 30_000;

export function adminApi(apiUrl: string, operatorKey: string): AdminApi {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${operatorKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiUnreachableError(apiUrl, reasonOf(error));
    }
    const text = await response.text();
    if (!response.ok) throw errorOf(response.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${ANSWER_TIMEOUT_MS / 1000} s`;
  // fetch's own message is only "fetch failed"; the socket's is in its cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Something that is not Herald (a proxy's 502 page) still gets a code and a short message. */
function errorOf(status: number, text: string): AdminApiError {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      return new AdminApiError(status, error.code, error.message, typeof error.field === 'string' ? error.field : undefined);
    }
  } catch {
    // not JSON: fall through
  }
  return new AdminApiError(status, `http_${status}`, text.trim().slice(0, 200) || `status ${status} without a body`);
}
