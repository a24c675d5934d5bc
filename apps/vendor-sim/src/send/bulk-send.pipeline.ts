import { z } from 'zod';
import { BULK_MAX_MESSAGES, VENDOR_CODES, type BulkItemResult, type BulkSendResponse } from '../../../../libs/vendor/src/protocol.js';
import { describeIssues } from '../control/sim-config.schema.js';
import type { RouteHandler } from '../http/http.router.js';
import type { SimContext } from '../sim.context.js';
import type { SendChannel } from './send.channel.js';
import { answer, answeredWithInjectedError, fail, heldAsTimeout, judgeMessage, parseJsonOrAnswer, rateLimited, readAuthorizedBody } from './send.pipeline.js';

/** The envelope only; each message is then judged by its channel, like a single send. */
const bulkShape = z.object({ messages: z.array(z.unknown()).min(1).max(BULK_MAX_MESSAGES) });

/**
 * `POST <channel>/bulk`: many messages in one request. The request as a whole is
 * checked the way a single send is (token, injected 500, JSON, and it is held as a
 * whole under timeoutRate); then each message goes through the single endpoint's
 * own steps in order (a slot of the TPS budget, ref deduplication, validation,
 * acceptance) and gets that endpoint's answer and status. So a bulk send can never
 * pass more messages per sliding second than single sends could.
 */
export function createBulkSendHandler(channel: SendChannel, sim: SimContext): RouteHandler {
  return async ({ req, res }) => {
    const raw = await readAuthorizedBody(sim, req, res, sim.settings.maxBodyBytes * BULK_MAX_MESSAGES);
    if (raw === undefined) return;
    if (answeredWithInjectedError(sim, res)) return;
    const json = parseJsonOrAnswer(sim, res, raw);
    if (!json.ok) return;
    const shape = bulkShape.safeParse(json.value);
    if (!shape.success) {
      sim.counters.increment('rejected');
      answer(sim, res, 400, fail(VENDOR_CODES.badRequest, describeIssues(shape.error)));
      return;
    }

    // Counted once already, as any request; from here on it counts as the messages it carries.
    sim.counters.increment('requests', shape.data.messages.length - 1);
    sim.counters.increment('bulkRequests');
    const now = performance.now();
    const results = shape.data.messages.map((message) => judge(sim, channel, message, now));
    if (heldAsTimeout(sim, res)) return;
    answer(sim, res, 200, { code: VENDOR_CODES.accepted, result: 'Success', results } satisfies BulkSendResponse);
  };
}

function judge(sim: SimContext, channel: SendChannel, message: unknown, now: number): BulkItemResult {
  const admission = sim.limiter.tryAdmit(now);
  if (!admission.admitted) return { status: 429, ...rateLimited(sim, admission.retryAfterMs) };
  const verdict = judgeMessage(sim, channel, message);
  if (verdict.status === 200) return { status: 200, ...verdict.body };
  // A refusal names the message it refuses, when the message had a ref.
  const ref = typeof message === 'object' && message !== null && 'ref' in message && typeof message.ref === 'string' ? message.ref : undefined;
  return { status: 400, ...verdict.body, ...(ref === undefined ? {} : { ref }) };
}
