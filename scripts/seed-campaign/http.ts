/** An answer outside 2xx; `status` lets callers tell a refused key (401) from the rest. */
export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${url}: ${status} ${body}`);
    this.name = 'HttpError';
  }
}

/** Nothing answered at all (connection refused, no such host). */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`${url}: no answer (${(cause as { cause?: Error }).cause?.message ?? (cause as Error).message})`, { cause });
    this.name = 'UnreachableError';
  }
}

export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new UnreachableError(url, error);
  }
  if (!response.ok) throw new HttpError(url, response.status, await response.text());
  return (await response.json()) as T;
}

export type ApiCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** JSON calls to Herald's API with a producer key. */
export function apiClient(apiUrl: string, apiKey: string): ApiCall {
  return <T = unknown>(method: string, path: string, body?: unknown) =>
    json<T>(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** JSON to the simulator's control routes (no auth: dev and test networks only). */
export function simCall<T = unknown>(simUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  return json<T>(`${simUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
