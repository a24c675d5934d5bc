import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VENDOR_CODES, type SendAccepted, type VendorErrorBody } from '../../../../libs/vendor/src/protocol.js';
import { BodyTooLargeError, ClientAbortedError, parseJson, readBody, sendJson } from '../http/http.io.js';
import type { RouteHandler } from '../http/http.router.js';
import type { AcceptedMessage } from '../messages/message.ledger.js';
import type { SimContext } from '../sim.context.js';
import type { SendChannel, ValidSend } from './send.channel.js';

/**
 * One send request, in the vendor's order: auth → rate limit → injected server error →
 * ref idempotency (skipped when dedupeRefs is off) → validation → accept, withholding
 * its report under reportDropRate (→ injected timeout). Everything after the body is
 * read runs synchronously, so with deduplication on two concurrent requests with one
 * ref cannot both be accepted. Every channel goes through the one limiter: the TPS cap
 * is the account's, so AlimTalk and its SMS/LMS failback share one budget.
 */
export function createSendHandler(channel: SendChannel, sim: SimContext): RouteHandler {
  return async ({ req, res }) => {
    const raw = await readAuthorizedBody(sim, req, res, sim.settings.maxBodyBytes);
    if (raw === undefined) return;

    const admission = sim.limiter.tryAdmit(performance.now());
    if (!admission.admitted) {
      answer(sim, res, 429, rateLimited(sim, admission.retryAfterMs), { 'retry-after': String(Math.ceil(admission.retryAfterMs / 1000)) });
      return;
    }

    if (answeredWithInjectedError(sim, res)) return;
    const json = parseJsonOrAnswer(sim, res, raw);
    if (!json.ok) return;

    const verdict = judgeMessage(sim, channel, json.value);
    // Only a first acceptance is held under timeoutRate; a replay is always answered.
    if (verdict.isNew && heldAsTimeout(sim, res)) return;
    answer(sim, res, verdict.status, verdict.body);
  };
}

/** Steps 6–8 for a message that has its rate slot: what the vendor answers it, counted. */
export type MessageVerdict =
  /** `isNew`: a new message was accepted, not a replay of a known ref. */
  { status: 200; body: SendAccepted; isNew: boolean } | { status: 400; body: VendorErrorBody; isNew: false };

export function judgeMessage(sim: SimContext, channel: SendChannel, message: unknown): MessageVerdict {
  const known = findKnownRef(sim, channel, message);
  if (known && sim.config.dedupeRefs) {
    known.timesSeen++;
    sim.counters.increment('accepted');
    sim.counters.increment('duplicateRefs');
    return { status: 200, body: known.answer, isNew: false };
  }
  // Without deduplication a known ref is judged like any send, and accepted again as a further message.
  const validation = channel.validate(message);
  if (!validation.ok) {
    sim.counters.increment('rejected');
    return { status: 400, body: fail(validation.code, validation.result), isNew: false };
  }
  return { status: 200, body: accept(sim, channel, validation.send, known).answer, isNew: true };
}

/** Step 3's refusal, counted: no rate slot, and how long until one frees. */
export function rateLimited(sim: SimContext, retryAfterMs: number): VendorErrorBody {
  sim.counters.increment('rateLimited');
  return { ...fail(VENDOR_CODES.rateLimited, 'Too many requests'), retryAfterMs };
}

/**
 * The body, read within the limit, of a request with a valid token; undefined when
 * the request has been answered (413, 401) or the client went away.
 */
export async function readAuthorizedBody(sim: SimContext, req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<Buffer | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limitBytes);
  } catch (error) {
    if (error instanceof ClientAbortedError) return undefined;
    if (!(error instanceof BodyTooLargeError)) throw error;
    sim.counters.increment('requests');
    sim.counters.increment('rejected');
    answer(sim, res, 413, fail(VENDOR_CODES.badRequest, error.message), { connection: 'close' });
    return undefined;
  }
  sim.counters.increment('requests');
  if (!sim.tokens.isAuthorized(req.headers.authorization)) {
    sim.counters.increment('unauthorized');
    answer(sim, res, 401, fail(VENDOR_CODES.authFailed, 'Invalid or expired token'));
    return undefined;
  }
  return raw;
}

/** Fault injection: a 500 for `errorRate` of requests. */
export function answeredWithInjectedError(sim: SimContext, res: ServerResponse): boolean {
  if (sim.settings.random() >= sim.config.errorRate) return false;
  sim.counters.increment('serverErrors');
  answer(sim, res, 500, fail(VENDOR_CODES.serverError, 'Internal server error (injected)'));
  return true;
}

export function parseJsonOrAnswer(sim: SimContext, res: ServerResponse, raw: Buffer): ReturnType<typeof parseJson> {
  const json = parseJson(raw);
  if (!json.ok) {
    sim.counters.increment('rejected');
    answer(sim, res, 400, fail(VENDOR_CODES.badRequest, 'Body is not valid JSON'));
  }
  return json;
}

/** Fault injection: `timeoutRate` of accepted requests are never answered. */
export function heldAsTimeout(sim: SimContext, res: ServerResponse): boolean {
  if (sim.settings.random() >= sim.config.timeoutRate) return false;
  sim.counters.increment('timeouts');
  hold(sim, res);
  return true;
}

/** A new message, or (`earlier` given: dedupeRefs off) a further one under a known ref. */
function accept(sim: SimContext, channel: SendChannel, send: ValidSend, earlier?: AcceptedMessage): AcceptedMessage {
  const msgKey = randomUUID();
  const { reportUrl, reportDelayMs, reportJitterMs } = sim.config;
  const acceptedAtMs = Date.now();
  // Whole milliseconds, so reportDueAt (an ISO time) is exactly when the report falls due.
  const delayMs = Math.max(0, Math.round(reportDelayMs + jitter(sim, reportJitterMs)));
  const message: AcceptedMessage = {
    channel: channel.name,
    ...send,
    msgKey,
    acceptedAt: new Date(acceptedAtMs).toISOString(),
    reportDueAt: new Date(acceptedAtMs + delayMs).toISOString(),
    timesSeen: 1,
    outcome: channel.outcomeFor(send),
    report: reportUrl ? 'pending' : 'none',
    answer: { code: VENDOR_CODES.accepted, result: 'Success', msgKey, ref: send.ref } satisfies SendAccepted,
  };
  sim.counters.increment('accepted');
  if (earlier) {
    earlier.timesSeen++;
    sim.ledger.recordAgain(message);
    sim.counters.increment('duplicateRefs');
    sim.counters.increment('duplicateMessages');
  } else {
    if (!sim.ledger.record(message)) sim.counters.increment('repeatedContent');
    sim.counters.countNewMessage(channel.name);
  }
  if (reportUrl) scheduleReport(sim, message, delayMs);
  return message;
}

/** Fault injection: `reportDropRate` of reports are withheld, decided now so a given random() sequence always drops the same ones. */
function scheduleReport(sim: SimContext, message: AcceptedMessage, delayMs: number): void {
  if (sim.settings.random() < sim.config.reportDropRate) {
    message.report = 'dropped';
    sim.counters.increment('reportsDropped');
    return;
  }
  const { msgKey, ref, channel, outcome, reportDueAt } = message;
  sim.reports.schedule({ msgKey, ref, channel, ...outcome, reportedAt: reportDueAt }, delayMs);
}

/** Only a well-formed ref can be a replay; anything else goes on to validation. */
function findKnownRef(sim: SimContext, channel: SendChannel, body: unknown): AcceptedMessage | undefined {
  if (typeof body !== 'object' || body === null || !('ref' in body) || typeof body.ref !== 'string') return undefined;
  return sim.ledger.find(channel.name, body.ref);
}

export function answer(sim: SimContext, res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const delayMs = sim.config.latencyMs + jitter(sim, sim.config.latencyJitterMs);
  if (delayMs <= 0) sendJson(res, status, body, headers);
  else setTimeout(() => sendJson(res, status, body, headers), delayMs).unref();
}

/** The accepted-but-unanswered case that ref idempotency exists for: the client cannot tell. */
function hold(sim: SimContext, res: ServerResponse): void {
  sim.heldResponses.add(res);
  res.once('close', () => sim.heldResponses.delete(res));
}

/** Uniform in [-spread, +spread]. */
function jitter(sim: SimContext, spread: number): number {
  return spread === 0 ? 0 : (sim.settings.random() * 2 - 1) * spread;
}

export function fail(code: VendorErrorBody['code'], result: string): VendorErrorBody {
  return { code, result };
}
