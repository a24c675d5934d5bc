export { createVendorSim, type VendorSim } from './vendor-sim.js';
export type { VendorSimOptions, SimLogger } from './vendor-sim.options.js';
export type { SimRuntimeConfig, SimConfigPatch } from './control/sim-config.schema.js';
export type { SimStats } from './stats/sim.stats.js';
export type { AcceptedMessage, ReportState } from './messages/message.ledger.js';
export { outcomeForRecipient } from './outcomes/outcome.rules.js';
