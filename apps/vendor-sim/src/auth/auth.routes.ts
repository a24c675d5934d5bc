import { VENDOR_CODES, type TokenResponse, type VendorErrorBody } from '../../../../libs/vendor/src/protocol.js';
import { sendJson } from '../http/http.io.js';
import type { HttpRouter } from '../http/http.router.js';
import type { SimContext } from '../sim.context.js';

export const CLIENT_ID_HEADER = 'x-ib-client-id';
export const CLIENT_SECRET_HEADER = 'x-ib-client-passwd';

/** POST /v1/auth/token: credentials in headers, a bearer token back. */
export function addAuthRoutes(router: HttpRouter, sim: SimContext): void {
  router.add('POST', '/v1/auth/token', ({ req, res }) => {
    // The body is unused; drain it so a keep-alive connection stays usable.
    req.resume();
    const clientId = headerValue(req.headers[CLIENT_ID_HEADER]);
    const clientSecret = headerValue(req.headers[CLIENT_SECRET_HEADER]);
    if (!sim.tokens.credentialsMatch(clientId, clientSecret)) {
      sendJson(res, 401, { code: VENDOR_CODES.authFailed, result: 'Invalid client credentials' } satisfies VendorErrorBody);
      return;
    }
    const { token, expiresAt } = sim.tokens.issue(sim.config.tokenTtlMs);
    sim.counters.increment('tokensIssued');
    const body: TokenResponse = {
      code: VENDOR_CODES.accepted,
      result: 'Success',
      data: { token, schema: 'Bearer', expired: expiresAt.toISOString() },
    };
    sendJson(res, 200, body);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
