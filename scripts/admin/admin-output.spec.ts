import { describe, expect, it } from '@jest/globals';
import { keyTable, shownKey, tenantDetails } from './admin-output.js';
import type { KeyAnswer, TenantAnswer } from './api-answers.js';

const tenant: TenantAnswer = {
  id: 'shop',
  name: 'Shop',
  status: 'active',
  apiRatePerSecond: 0.5,
  apiRateBurst: null,
  dailyQuota: null,
  timeZone: 'Asia/Seoul',
  weight: 1,
  createdAt: '2026-01-02T03:04:05.678Z',
  updatedAt: '2026-01-02T03:04:05.678Z',
};
const key = (over: Partial<KeyAnswer>): KeyAnswer => ({
  id: 'key_0123456789ab',
  tenantId: 'shop',
  prefix: 'hrd_live_abcd',
  scopes: [],
  description: null,
  state: 'active',
  createdAt: '2026-01-02T03:04:05.678Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  ...over,
});

describe('admin output', () => {
  it("shows a tenant's unset limits as the API's defaults, by the variable that sets them", () => {
    expect(tenantDetails(tenant)).toEqual(
      expect.arrayContaining(['daily quota  none (days in Asia/Seoul)', 'rate/s       0.5', "burst        default (the API's API_RATE_LIMIT_BURST)"]),
    );
  });

  it('lines keys up in columns, with when each one ends (revoked, or its rotation grace)', () => {
    const lines = keyTable([
      key({ state: 'rotating', expiresAt: '2026-01-03T03:04:05.678Z', scopes: ['recipients:read'], description: 'support' }),
      key({ id: 'key_ba9876543210', state: 'revoked', revokedAt: '2026-01-02T04:00:00.000Z' }),
    ]);
    expect(lines).toEqual([
      'ID                PREFIX         STATE     SCOPES           CREATED               LAST USED  ENDS                  DESCRIPTION',
      'key_0123456789ab  hrd_live_abcd  rotating  recipients:read  2026-01-02T03:04:05Z  -          2026-01-03T03:04:05Z  support',
      'key_ba9876543210  hrd_live_abcd  revoked   none             2026-01-02T03:04:05Z  -          2026-01-02T04:00:00Z',
    ]);
    expect(keyTable([])).toEqual(['no keys']);
  });

  it('puts a new key on a line of its own', () => {
    expect(shownKey({ ...key({}), key: 'hrd_live_secret' })).toEqual(['', '    hrd_live_secret', '']);
  });
});
