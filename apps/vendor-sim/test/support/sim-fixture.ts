import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import type { AlimtalkSendRequest, LmsSendRequest, SmsSendRequest } from '../../../../libs/vendor/src/protocol.js';
import { createVendorSim, type VendorSim } from '../../src/vendor-sim.js';
import type { VendorSimOptions } from '../../src/vendor-sim.options.js';
import { startReportReceiver, type ReportReceiver } from './report-receiver.js';
import { simClient } from './sim-client.js';

export const ACCOUNT = {
  VENDOR_CLIENT_ID: 'herald-test',
  VENDOR_CLIENT_SECRET: 'client-secret-for-tests',
  VENDOR_SENDER_KEY: 'sender-key-for-tests',
  REPORT_SECRET: 'report-secret-for-tests',
};

export const TEMPLATES = {
  ORDER_SHIPPED: '[Herald] #{name}님, 주문 #{orderId}이(가) 발송되었습니다.\n배송조회: #{url}',
  FREE_TEXT: '#{text}',
};

/** Defaults every test starts from; fast report timings keep the suite short. */
export const BASELINE = {
  tps: 10_000,
  errorRate: 0,
  timeoutRate: 0,
  latencyMs: 0,
  latencyJitterMs: 0,
  reportDelayMs: 20,
  reportJitterMs: 5,
  reportBatchSize: 1,
  reportDropRate: 0,
  dedupeRefs: true,
  lookupTps: 0,
  tokenTtlMs: 3_600_000,
};

export interface SimFixture {
  sim: VendorSim;
  receiver: ReportReceiver;
  client: ReturnType<typeof simClient>;
  token: string;
}

/** `options`: settings fixed for the simulator's life, such as a deterministic `random`. */
export async function startSimFixture(options: Partial<VendorSimOptions> = {}): Promise<SimFixture> {
  const receiver = await startReportReceiver();
  const sim = await createVendorSim({
    ...ACCOUNT,
    host: '127.0.0.1',
    templates: TEMPLATES,
    reportUrl: receiver.url,
    reportFlushIntervalMs: 20,
    reportBackoffBaseMs: 20,
    reportBackoffMaxMs: 50,
    reportMaxAttempts: 3,
    reportTimeoutMs: 1_000,
    ...BASELINE,
    ...options,
  });
  const client = simClient(sim.url);
  const { body } = await client.token(ACCOUNT.VENDOR_CLIENT_ID, ACCOUNT.VENDOR_CLIENT_SECRET);
  return { sim, receiver, client, token: body.data.token };
}

/**
 * Registers the hooks every simulator test file uses — one simulator per file, reset
 * before each test, stats checked for consistency after each — and returns the
 * fixture, filled in once beforeAll has run.
 */
export function useSimFixture(options: Partial<VendorSimOptions> = {}): SimFixture {
  const fixture = {} as SimFixture;
  beforeAll(async () => {
    Object.assign(fixture, await startSimFixture(options));
  });
  afterAll(() => stopSimFixture(fixture));
  beforeEach(() => resetFixture(fixture));
  afterEach(() => expectConsistentStats(fixture.sim));
  return fixture;
}

export function resetFixture({ sim, receiver }: SimFixture): void {
  sim.reset();
  receiver.clear();
  sim.configure({ ...BASELINE, reportUrl: receiver.url });
}

export async function stopSimFixture(fixture: SimFixture | undefined): Promise<void> {
  fixture?.client.close();
  await fixture?.sim.close();
  await fixture?.receiver.close();
}

let refCounter = 0;

/** A valid send; `to` ending in 5678 is delivered. */
export function validSend(overrides: Partial<AlimtalkSendRequest> = {}): AlimtalkSendRequest {
  return {
    senderKey: ACCOUNT.VENDOR_SENDER_KEY,
    to: '01012345678',
    templateCode: 'ORDER_SHIPPED',
    text: '[Herald] 홍길동님, 주문 A-100이(가) 발송되었습니다.\n배송조회: https://t.example/A-100',
    ref: `ref-${process.pid}-${++refCounter}`,
    ...overrides,
  };
}

/** A valid failback SMS (90 bytes at most); `to` ending in 5678 is delivered. */
export function validSms(overrides: Partial<SmsSendRequest> = {}): SmsSendRequest {
  return {
    senderKey: ACCOUNT.VENDOR_SENDER_KEY,
    to: '01012345678',
    text: '[Herald] 홍길동님, 주문 A-100이 발송되었습니다.',
    ref: `ref-${process.pid}-${++refCounter}`,
    ...overrides,
  };
}

/** A valid failback LMS. */
export function validLms(overrides: Partial<LmsSendRequest> = {}): LmsSendRequest {
  return {
    ...validSms(),
    title: '[Herald] 배송 안내',
    text: '[Herald] 홍길동님, 주문 A-100이(가) 발송되었습니다.\n배송조회: https://t.example/A-100\n'.repeat(5),
    ...overrides,
  };
}

/** Every send request lands in exactly one bucket; checked after each test. */
export function expectConsistentStats(sim: VendorSim): void {
  const stats = sim.stats();
  expect(stats.requests).toBe(stats.accepted + stats.rejected + stats.rateLimited + stats.serverErrors + stats.unauthorized);
  expect(stats.accepted).toBe(stats.uniqueMessages + stats.duplicateRefs);
  expect(stats.uniqueMessages).toBe(stats.byChannel.alimtalk + stats.byChannel.sms + stats.byChannel.lms);
  expect(stats.duplicateMessages).toBeLessThanOrEqual(stats.duplicateRefs);
  expect(stats.reportsDropped).toBeLessThanOrEqual(stats.uniqueMessages + stats.duplicateMessages);
  expect(stats.maxPerSecond).toBeLessThanOrEqual(sim.config().tps);
}
