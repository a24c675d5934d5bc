import { timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import { digest } from '../auth/bearer-token.js';

/**
 * HTTP Basic auth for the operator pages (Bull Board), as a Fastify onRequest hook.
 * The browser shows its own login prompt on the 401 with WWW-Authenticate; nothing
 * else is needed there.
 */
export function basicAuth(user: string, password: string): onRequestHookHandler {
  const expected = digest(`${user}:${password}`);
  return (request, reply, done) => {
    const header = request.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    const given = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString() : '';
    if (given && timingSafeEqual(digest(given), expected)) return done();
    // Answered here, without done(): the board's handler does not run.
    reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="Herald operators", charset="UTF-8"')
      .send({ error: { code: 'unauthorized', message: 'operator login required', field: 'authorization' } });
  };
}
