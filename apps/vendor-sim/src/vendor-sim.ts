import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VENDOR_CODES } from '../../../libs/vendor/src/protocol.js';
import { addAuthRoutes } from './auth/auth.routes.js';
import { TokenStore } from './auth/token.store.js';
import { addControlRoutes } from './control/control.routes.js';
import { simConfigPatchSchema, type SimConfigPatch, type SimRuntimeConfig } from './control/sim-config.schema.js';
import { sendJson } from './http/http.io.js';
import { HttpRouter } from './http/http.router.js';
import { MessageLedger, type AcceptedMessage, type Channel } from './messages/message.ledger.js';
import { SlidingWindowLimiter } from './rate/sliding-window.limiter.js';
import { ReportDispatcher } from './reports/report.dispatcher.js';
import { createReportPoster } from './reports/report.poster.js';
import { addResultLookupRoute } from './results/result-lookup.route.js';
import { createAlimtalkChannel } from './send/alimtalk.channel.js';
import { createBulkSendHandler } from './send/bulk-send.pipeline.js';
import { createSendHandler } from './send/send.pipeline.js';
import { createLmsChannel, createSmsChannel } from './send/text-message.channel.js';
import type { SimContext } from './sim.context.js';
import { SimCounters, type SimStats } from './stats/sim.stats.js';
import { TemplateRegistry } from './templates/template.registry.js';
import { fixedSettings, initialRuntimeConfig, type VendorSimOptions } from './vendor-sim.options.js';

export interface VendorSim {
  /** http://127.0.0.1:<port> (or the host it was bound to). */
  readonly url: string;
  readonly port: number;
  stats(): SimStats;
  config(): SimRuntimeConfig;
  /** Same validation as PUT /_sim/config; throws a ZodError on a bad patch. */
  configure(patch: SimConfigPatch): SimRuntimeConfig;
  /** Same as POST /_sim/reset: stats, refs, outcomes and pending reports; templates only if asked. */
  reset(options?: { templates?: boolean }): void;
  approveTemplate(code: string, body: string): void;
  message(ref: string, channel?: Channel): AcceptedMessage | undefined;
  /** Stops reports and retries, drops held and keep-alive connections, closes the server. */
  close(): Promise<void>;
}

/** Starts a simulator; pass SIM_PORT 0 (the default here) for a free port in tests. */
export async function createVendorSim(options: VendorSimOptions): Promise<VendorSim> {
  const { sim, poster } = createSimContext(options);
  const controls = simControls(sim);
  const router = createRouter(sim, controls);
  const server = createServer((req, res) => route(router, sim, req, res));
  const { host, port } = await listen(server, options.SIM_PORT ?? 0, sim.settings.host);

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats: () => sim.stats(),
    config: () => ({ ...sim.config }),
    configure: (patch) => controls.configure(patch),
    reset: (resetOptions) => controls.reset(resetOptions),
    approveTemplate: (code, body) => void sim.templates.approve(code, body),
    message: (ref, channel = 'alimtalk') => sim.ledger.find(channel, ref),
    close: async () => {
      sim.reports.close();
      poster.close();
      for (const res of sim.heldResponses) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The simulator's state, shared by every route: settings, limiter, ledger, templates, counters, reports. */
function createSimContext(options: VendorSimOptions): { sim: SimContext; poster: ReturnType<typeof createReportPoster> } {
  const settings = fixedSettings(options);
  const counters = new SimCounters();
  const initialConfig = initialRuntimeConfig(options);
  const limiter = new SlidingWindowLimiter(initialConfig.tps);
  const lookupLimiter = new SlidingWindowLimiter(Math.max(1, initialConfig.lookupTps));
  const ledger = new MessageLedger();
  const templates = new TemplateRegistry();
  const poster = createReportPoster(options.REPORT_SECRET, settings.reportTimeoutMs, settings.reportConcurrency);
  for (const [code, body] of Object.entries(options.templates ?? {})) templates.approve(code, body);

  const sim: SimContext = {
    config: initialConfig,
    settings,
    senderKeys: new Set([options.VENDOR_SENDER_KEY, ...(options.SIM_SENDER_KEYS ?? [])]),
    tokens: new TokenStore({ clientId: options.VENDOR_CLIENT_ID, clientSecret: options.VENDOR_CLIENT_SECRET }),
    limiter,
    lookupLimiter,
    templates,
    ledger,
    counters,
    reports: new ReportDispatcher({
      settings: {
        flushIntervalMs: settings.reportFlushIntervalMs,
        maxAttempts: settings.reportMaxAttempts,
        backoffBaseMs: settings.reportBackoffBaseMs,
        backoffMaxMs: settings.reportBackoffMaxMs,
        concurrency: settings.reportConcurrency,
      },
      post: poster.post,
      target: () => ({ url: sim.config.reportUrl, batchSize: sim.config.reportBatchSize }),
      onSettled: (reports, settlement) => {
        for (const report of reports) ledger.markReport(report.msgKey, settlement);
      },
      onGiveUp: (reports, error) => settings.log('report.gave-up', { refs: reports.map((report) => report.ref), error: String(error) }),
    }),
    heldResponses: new Set(),
    stats: () => ({
      ...counters.snapshot(),
      maxPerSecond: limiter.maxPerWindow,
      reportsSent: sim.reports.sent,
      reportsFailed: sim.reports.failed,
      reportsPending: sim.reports.pending,
    }),
  };
  return { sim, poster };
}

/** What PUT /_sim/config and POST /_sim/reset do, also offered to tests in process. */
function simControls(sim: SimContext) {
  return {
    configure(patch: SimConfigPatch): SimRuntimeConfig {
      const next = { ...sim.config, ...simConfigPatchSchema.parse(patch) };
      sim.limiter.setLimit(next.tps);
      if (next.lookupTps > 0) sim.lookupLimiter.setLimit(next.lookupTps);
      sim.config = next;
      sim.settings.log('config.changed', { ...patch });
      return next;
    },
    reset(resetOptions: { templates?: boolean } = {}): void {
      sim.counters.reset();
      sim.limiter.reset();
      sim.lookupLimiter.reset();
      sim.ledger.clear();
      sim.reports.reset();
      if (resetOptions.templates) sim.templates.clear();
    },
  };
}

function createRouter(sim: SimContext, controls: ReturnType<typeof simControls>): HttpRouter {
  const router = new HttpRouter();
  addAuthRoutes(router, sim);
  // AlimTalk and its SMS/LMS failback: one pipeline, so one token, one rate budget and
  // one fault-injection setting for the whole account.
  for (const channel of [createAlimtalkChannel(sim.senderKeys, sim.templates), createSmsChannel(sim.senderKeys), createLmsChannel(sim.senderKeys)]) {
    router.add('POST', channel.path, createSendHandler(channel, sim));
    router.add('POST', `${channel.path}/bulk`, createBulkSendHandler(channel, sim));
  }
  addResultLookupRoute(router, sim);
  addControlRoutes(router, sim, controls);
  return router;
}

/** Listens on `port` (0: a free one); the host to reach it at is loopback when bound to every interface. */
async function listen(server: Server, port: number, bindHost: string | undefined): Promise<{ host: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = !bindHost || bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
  return { host, port: address.port };
}

function route(router: HttpRouter, sim: SimContext, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const match = router.match(req.method ?? 'GET', path);
  if (match.kind === 'not-found') {
    req.resume();
    return sendJson(res, 404, { code: VENDOR_CODES.badRequest, result: `No route for ${req.method} ${path}` });
  }
  if (match.kind === 'wrong-method') {
    req.resume();
    return sendJson(res, 405, { code: VENDOR_CODES.badRequest, result: `Method ${req.method} not allowed` }, { allow: match.allow.join(', ') });
  }
  const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
  Promise.resolve()
    .then(() => match.handler({ req, res, params: match.params, query }))
    .catch((error: unknown) => {
      // A simulator bug must not look like a clean answer to the code under test.
      sim.counters.increment('serverErrors');
      sim.settings.log('request.failed', { method: req.method, path, error: String(error) });
      sendJson(res, 500, { code: VENDOR_CODES.serverError, result: 'Simulator error' });
    });
}
