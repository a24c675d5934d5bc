import type { ServerResponse } from 'node:http';
import { VENDOR_CODES, type ResultLookupResponse, type VendorErrorBody } from '../../../../libs/vendor/src/protocol.js';
import { describeIssues } from '../control/sim-config.schema.js';
import { BodyTooLargeError, ClientAbortedError, parseJson, readBody, sendJson } from '../http/http.io.js';
import type { HttpRouter } from '../http/http.router.js';
import { fail } from '../send/send.pipeline.js';
import type { SimContext } from '../sim.context.js';
import { resultLookupShape, resultOf } from './result-lookup.js';

/** 1000 refs of 200 ASCII characters (Herald's are UUIDs), quoted and separated, fit with room to spare. */
const LOOKUP_MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /v1/results: the vendor's answer, by ref, to "what became of these messages?",
 * for clients whose report callback never came. Same token as the sends, its own rate
 * budget (lookupTps, off by default) and its own counters: a lookup is not a send, so
 * it takes no TPS slot and stays out of the send identities. The send faults
 * (errorRate, timeoutRate, latency) do not apply to it.
 */
export function addResultLookupRoute(router: HttpRouter, sim: SimContext): void {
  router.add('POST', '/v1/results', async ({ req, res }) => {
    let raw: Buffer;
    try {
      raw = await readBody(req, LOOKUP_MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof ClientAbortedError) return;
      if (!(error instanceof BodyTooLargeError)) throw error;
      return refuse(sim, res, 413, fail(VENDOR_CODES.badRequest, error.message), { connection: 'close' });
    }
    if (!sim.tokens.isAuthorized(req.headers.authorization)) {
      return refuse(sim, res, 401, fail(VENDOR_CODES.authFailed, 'Invalid or expired token'));
    }
    if (sim.config.lookupTps > 0) {
      const admission = sim.lookupLimiter.tryAdmit(performance.now());
      if (!admission.admitted) {
        const { retryAfterMs } = admission;
        return refuse(
          sim,
          res,
          429,
          { ...fail(VENDOR_CODES.rateLimited, 'Too many lookups'), retryAfterMs },
          { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
        );
      }
    }
    const json = parseJson(raw);
    if (!json.ok) return refuse(sim, res, 400, fail(VENDOR_CODES.badRequest, 'Body is not valid JSON'));
    const shape = resultLookupShape.safeParse(json.value);
    if (!shape.success) return refuse(sim, res, 400, fail(VENDOR_CODES.badRequest, describeIssues(shape.error)));

    const { channel, refs } = shape.data;
    sim.counters.increment('lookups');
    sim.counters.increment('lookedUpRefs', refs.length);
    const now = Date.now();
    const results = refs.map((ref) => resultOf(ref, sim.ledger.find(channel, ref), now));
    sendJson(res, 200, { code: VENDOR_CODES.accepted, result: 'Success', results } satisfies ResultLookupResponse);
  });
}

/** Every refusal is counted in lookupsRefused; none touches the send counters. */
function refuse(sim: SimContext, res: ServerResponse, status: number, body: VendorErrorBody, headers?: Record<string, string>): void {
  sim.counters.increment('lookupsRefused');
  sendJson(res, status, body, headers);
}
