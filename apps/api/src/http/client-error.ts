import type { Socket } from 'node:net';
import type { ErrorBody } from '../errors/api-error.js';

/** What Node's HTTP parser refused before any route ran, as Herald's error shape. */
const ANSWERS: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'headers_too_large',
    message: 'request headers are larger than the server accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'the request was not received in time' },
};
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'malformed HTTP request' };

/**
 * Fastify's clientErrorHandler: a request Node could not parse (headers too large, a
 * timeout, a malformed request line) still gets `{error: {code, message}}`, like every
 * other answer, instead of Fastify's own body.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const answer = (error.code && ANSWERS[error.code]) || MALFORMED;
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } } satisfies ErrorBody);
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
