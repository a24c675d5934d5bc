import { ConfigError, parseEnv, simConfigSchema, type SimConfig } from '../../../libs/config/src/index.js';
import { createVendorSim } from './vendor-sim.js';

// Entry point: `node dist/apps/vendor-sim/src/main.js`. Never expose this port:
// the /_sim/* control routes have no authentication by design.
let config: SimConfig;
try {
  config = parseEnv(simConfigSchema);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The message already names every bad variable; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}
const log = (event: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), service: 'vendor-sim', event, ...fields }));

const sim = await createVendorSim({ ...config, log });
log('listening', { url: sim.url, port: sim.port, tps: sim.config().tps, reportUrl: sim.config().reportUrl });

let closing = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (closing) return;
  closing = true;
  log('shutting-down', { signal, stats: sim.stats() });
  sim.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log('shutdown-failed', { error: String(error) });
      process.exit(1);
    },
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
