import type { ServerResponse } from 'node:http';
import type { TokenStore } from './auth/token.store.js';
import type { SimRuntimeConfig } from './control/sim-config.schema.js';
import type { MessageLedger } from './messages/message.ledger.js';
import type { SlidingWindowLimiter } from './rate/sliding-window.limiter.js';
import type { ReportDispatcher } from './reports/report.dispatcher.js';
import type { SimCounters, SimStats } from './stats/sim.stats.js';
import type { TemplateRegistry } from './templates/template.registry.js';
import type { SimFixedSettings } from './vendor-sim.options.js';

/** Everything the route handlers share; built once per simulator by createVendorSim. */
export interface SimContext {
  /** Replaced wholesale by configure(), so readers always see one consistent version. */
  config: SimRuntimeConfig;
  readonly settings: SimFixedSettings;
  /** The account's sender profiles: VENDOR_SENDER_KEY and any SIM_SENDER_KEYS. */
  readonly senderKeys: ReadonlySet<string>;
  readonly tokens: TokenStore;
  /** One account, so one limiter; a multi-account sim would key these by client id. */
  readonly limiter: SlidingWindowLimiter;
  /** POST /v1/results' own budget (lookupTps), apart from the sends'; unused while lookupTps is 0. */
  readonly lookupLimiter: SlidingWindowLimiter;
  readonly templates: TemplateRegistry;
  readonly ledger: MessageLedger;
  readonly counters: SimCounters;
  readonly reports: ReportDispatcher;
  /** Requests accepted under timeoutRate, held open until the client gives up or the sim closes. */
  readonly heldResponses: Set<ServerResponse>;
  stats(): SimStats;
}
