/** A small JSON-over-fetch client for tests: status, parsed body, headers. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function requestJson<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: payload,
  });
  const text = await response.text();
  let body: T;
  try {
    body = text ? JSON.parse(text) : (undefined as T);
  } catch {
    body = text as T;
  }
  return { status: response.status, body, headers: response.headers };
}
