import type { IssuedKeyAnswer, KeyAnswer, TenantAnswer } from './api-answers.js';
import { textTable } from './text-table.js';

/** Said with every new key: the API keeps only its hash, so this answer is the one chance to copy it. */
export const SHOWN_ONCE =
  'This is the only time the key is shown: Herald stores only its hash and cannot show it again. ' +
  'Put it in the service’s secret store now; if it is lost, rotate or revoke it and make another.';

/** An ISO time without its milliseconds; `-` for none. */
export const time = (iso: string | null) => (iso ? iso.replace(/\.\d+Z$/, 'Z') : '-');

const quota = (tenant: TenantAnswer) => (tenant.dailyQuota === null ? 'none' : `${tenant.dailyQuota}/day`);
/** Null: the API's own setting, named so the operator knows where to look. */
const orDefault = (value: number | null, variable: string) => (value === null ? `default (the API's ${variable})` : String(value));

export function tenantDetails(tenant: TenantAnswer): string[] {
  return textTable(
    ['id', tenant.id],
    [
      ['name', tenant.name],
      ['status', tenant.status],
      ['daily quota', `${quota(tenant)} (days in ${tenant.timeZone})`],
      ['rate/s', orDefault(tenant.apiRatePerSecond, 'API_RATE_LIMIT_PER_SECOND')],
      ['burst', orDefault(tenant.apiRateBurst, 'API_RATE_LIMIT_BURST')],
      ['weight', String(tenant.weight)],
      ['created', time(tenant.createdAt)],
      ['updated', time(tenant.updatedAt)],
    ],
  );
}

export function tenantTable(tenants: TenantAnswer[]): string[] {
  if (tenants.length === 0) return ['no tenants'];
  return textTable(
    ['ID', 'NAME', 'STATUS', 'DAILY QUOTA', 'RATE/S', 'BURST', 'TIME ZONE', 'WEIGHT'],
    tenants.map((tenant) => [
      tenant.id,
      tenant.name,
      tenant.status,
      quota(tenant),
      String(tenant.apiRatePerSecond ?? 'default'),
      String(tenant.apiRateBurst ?? 'default'),
      tenant.timeZone,
      String(tenant.weight),
    ]),
  );
}

const scopes = (key: KeyAnswer) => (key.scopes.length === 0 ? 'none' : key.scopes.join(','));

export function keyTable(keys: KeyAnswer[]): string[] {
  if (keys.length === 0) return ['no keys'];
  return textTable(
    ['ID', 'PREFIX', 'STATE', 'SCOPES', 'CREATED', 'LAST USED', 'ENDS', 'DESCRIPTION'],
    keys.map((key) => [
      key.id,
      key.prefix,
      key.state,
      scopes(key),
      time(key.createdAt),
      time(key.lastUsedAt),
      time(key.revokedAt ?? key.expiresAt),
      key.description ?? '',
    ]),
  );
}

/** `key key_… of tenant shop (scopes: none)`, to lead into the key itself. */
export function keyHeadline(key: KeyAnswer): string {
  return `key ${key.id} of tenant ${key.tenantId} (scopes: ${scopes(key)}${key.description ? `; ${key.description}` : ''})`;
}

/** The new key on a line of its own, so it is easy to select and hard to miss. */
export function shownKey(key: IssuedKeyAnswer): string[] {
  return ['', `    ${key.key}`, ''];
}
