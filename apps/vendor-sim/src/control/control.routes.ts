import type { z } from 'zod';
import { VENDOR_CODES, type VendorErrorBody } from '../../../../libs/vendor/src/protocol.js';
import { BodyTooLargeError, ClientAbortedError, parseJson, readBody, sendJson } from '../http/http.io.js';
import type { HttpRouter, RouteContext } from '../http/http.router.js';
import type { Channel } from '../messages/message.ledger.js';
import { outcomeTable } from '../outcomes/outcome.rules.js';
import type { SimContext } from '../sim.context.js';
import { describeIssues, resetRequestSchema, simConfigPatchSchema, templateRequestSchema, type SimConfigPatch } from './sim-config.schema.js';

export interface SimControls {
  configure(patch: SimConfigPatch): void;
  reset(options?: { templates?: boolean }): void;
}

const CHANNELS: readonly Channel[] = ['alimtalk', 'sms', 'lms'];

/**
 * The /_sim/* routes stand in for what happens out of band at a real vendor (template
 * approval, its own outages) and let tests read the vendor's view. No auth: the
 * simulator must never be reachable from outside a test or dev network.
 */
export function addControlRoutes(router: HttpRouter, sim: SimContext, controls: SimControls): void {
  router
    .add('GET', '/health', ({ res }) => sendJson(res, 200, { status: 'ok' }))
    .add('GET', '/_sim/stats', ({ res }) => sendJson(res, 200, sim.stats()))
    .add('GET', '/_sim/config', ({ res }) => sendJson(res, 200, sim.config))
    .add('PUT', '/_sim/config', async (ctx) => {
      const patch = await readValid(ctx, simConfigPatchSchema);
      if (!patch) return;
      controls.configure(patch);
      sendJson(ctx.res, 200, sim.config);
    })
    .add('POST', '/_sim/reset', async (ctx) => {
      const options = await readValid(ctx, resetRequestSchema, {});
      if (!options) return;
      controls.reset(options);
      sendJson(ctx.res, 200, sim.stats());
    })
    .add('POST', '/_sim/tokens/revoke', ({ req, res }) => {
      req.resume();
      sim.tokens.revokeAll();
      sendJson(res, 200, { revoked: true });
    })
    .add('GET', '/_sim/templates', ({ res }) => sendJson(res, 200, sim.templates.list()))
    .add('PUT', '/_sim/templates/:code', async (ctx) => {
      const request = await readValid(ctx, templateRequestSchema);
      if (!request) return;
      const code = ctx.params['code']!;
      const template = sim.templates.approve(code, request.body);
      sendJson(ctx.res, 200, { code, body: template.body, variables: template.variables });
    })
    .add('DELETE', '/_sim/templates/:code', ({ res, params }) => {
      const existed = sim.templates.withdraw(params['code']!);
      sendJson(res, existed ? 200 : 404, { code: params['code'], withdrawn: existed });
    })
    .add('GET', '/_sim/messages/:ref', ({ res, params, query }) => {
      const channel = channelOf(query);
      if (!channel) return sendJson(res, 400, invalid(`channel must be one of ${CHANNELS.join(', ')}`));
      const message = sim.ledger.find(channel, params['ref']!);
      if (!message) return sendJson(res, 404, invalid(`No ${channel} message accepted with ref ${params['ref']}`));
      const { answer: _answer, ...view } = message;
      sendJson(res, 200, view);
    })
    .add('GET', '/_sim/outcomes', ({ res, query }) => {
      const channel = channelOf(query);
      if (!channel) return sendJson(res, 400, invalid(`channel must be one of ${CHANNELS.join(', ')}`));
      sendJson(res, 200, outcomeTable(channel));
    });
}

/** `?channel=`, AlimTalk when absent (the only channel before failback); undefined when unknown. */
function channelOf(query: URLSearchParams): Channel | undefined {
  const name = query.get('channel') ?? 'alimtalk';
  return CHANNELS.find((channel) => channel === name);
}

/** Parses and validates a JSON body, answering 400/413 itself when it is not acceptable. */
async function readValid<T>(ctx: RouteContext, schema: z.ZodType<T>, whenEmpty?: T): Promise<T | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(ctx.req, 64 * 1024);
  } catch (error) {
    if (error instanceof ClientAbortedError) return undefined;
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(ctx.res, 413, invalid(error.message), { connection: 'close' });
    return undefined;
  }
  if (raw.length === 0 && whenEmpty !== undefined) return whenEmpty;
  const json = parseJson(raw);
  if (!json.ok) {
    sendJson(ctx.res, 400, invalid('Body is not valid JSON'));
    return undefined;
  }
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    sendJson(ctx.res, 400, invalid(describeIssues(parsed.error)));
    return undefined;
  }
  return parsed.data;
}

function invalid(result: string): VendorErrorBody {
  return { code: VENDOR_CODES.badRequest, result };
}
