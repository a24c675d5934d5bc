import type { SimConfig } from '../../../libs/config/src/index.js';
import { simRuntimeConfigSchema, type SimRuntimeConfig } from './control/sim-config.schema.js';

export type SimLogger = (event: string, fields?: Record<string, unknown>) => void;

/** Knobs fixed for the simulator's lifetime; tests shrink them to stay fast. */
export interface SimFixedSettings {
  /** Defaults to all interfaces; tests pass 127.0.0.1. */
  host?: string;
  maxBodyBytes: number;
  /** Reports due within one interval are gathered before sending. */
  reportFlushIntervalMs: number;
  reportMaxAttempts: number;
  reportBackoffBaseMs: number;
  reportBackoffMaxMs: number;
  reportTimeoutMs: number;
  /** Callbacks in flight at once; the rest wait in line. */
  reportConcurrency: number;
  random: () => number;
  log: SimLogger;
}

/**
 * What createVendorSim takes: the parsed SimConfig (main.ts passes it whole), where
 * only the account and the report secret are required so tests can start a sim in
 * one line, plus optional overrides. A runtime override (e.g. `tps`) wins over the
 * matching SIM_* field.
 */
export type VendorSimOptions = Pick<SimConfig, 'VENDOR_CLIENT_ID' | 'VENDOR_CLIENT_SECRET' | 'VENDOR_SENDER_KEY' | 'REPORT_SECRET'> &
  Partial<Pick<SimConfig, 'SIM_PORT' | 'SIM_TPS' | 'SIM_REPORT_URL' | 'SIM_REPORT_DELAY_MS' | 'SIM_SENDER_KEYS'>> &
  Partial<SimRuntimeConfig> &
  Partial<SimFixedSettings> & {
    /** Approved templates to start with, code → body. */
    templates?: Record<string, string>;
  };

export const TOKEN_TTL_MS = 60 * 60 * 1000;

/** Throws a ZodError when an override is out of range, so a bad test setup fails at once. */
export function initialRuntimeConfig(options: VendorSimOptions): SimRuntimeConfig {
  return simRuntimeConfigSchema.parse({
    tps: options.tps ?? options.SIM_TPS ?? 200,
    latencyMs: options.latencyMs ?? 0,
    latencyJitterMs: options.latencyJitterMs ?? 0,
    errorRate: options.errorRate ?? 0,
    timeoutRate: options.timeoutRate ?? 0,
    reportDelayMs: options.reportDelayMs ?? options.SIM_REPORT_DELAY_MS ?? 200,
    reportJitterMs: options.reportJitterMs ?? 50,
    reportUrl: options.reportUrl !== undefined ? options.reportUrl : (options.SIM_REPORT_URL ?? null),
    reportDropRate: options.reportDropRate ?? 0,
    dedupeRefs: options.dedupeRefs ?? true,
    lookupTps: options.lookupTps ?? 0,
    reportBatchSize: options.reportBatchSize ?? 1,
    tokenTtlMs: options.tokenTtlMs ?? TOKEN_TTL_MS,
  });
}

export function fixedSettings(options: VendorSimOptions): SimFixedSettings {
  return {
    host: options.host,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    reportFlushIntervalMs: options.reportFlushIntervalMs ?? 10,
    reportMaxAttempts: options.reportMaxAttempts ?? 10,
    reportBackoffBaseMs: options.reportBackoffBaseMs ?? 100,
    reportBackoffMaxMs: options.reportBackoffMaxMs ?? 5_000,
    reportTimeoutMs: options.reportTimeoutMs ?? 5_000,
    reportConcurrency: options.reportConcurrency ?? 32,
    random: options.random ?? Math.random,
    log: options.log ?? (() => undefined),
  };
}
