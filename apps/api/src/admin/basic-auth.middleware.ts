import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { digest } from '../guards/bearer-token.js';

/**
 * HTTP Basic auth for the operator pages (Bull Board). The browser shows its own
 * login prompt on the 401 with WWW-Authenticate; nothing else is needed there.
 */
export function basicAuth(user: string, password: string) {
  const expected = digest(`${user}:${password}`);
  return (request: Request, response: Response, next: NextFunction): void => {
    const header = request.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    const given = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString() : '';
    if (given && timingSafeEqual(digest(given), expected)) return next();
    response
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="Herald operators", charset="UTF-8"')
      .json({ error: { code: 'unauthorized', message: 'operator login required', field: 'authorization' } });
  };
}
