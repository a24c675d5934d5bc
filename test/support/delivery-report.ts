import type { VendorReport } from '../../libs/queue/src/index.js';

/** A vendor delivery report as the callback carries it: delivered, for a row that need not exist. */
export function deliveryReport(overrides: Partial<VendorReport> = {}): VendorReport {
  return {
    msgKey: 'M1',
    ref: '0190a000-0000-7000-8000-000000000000',
    channel: 'alimtalk',
    status: 'delivered',
    code: 'R000',
    message: 'ok',
    reportedAt: new Date().toISOString(),
    ...overrides,
  };
}
