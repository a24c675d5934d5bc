import type { CreateTenantDto } from '../../apps/api/src/tenants/tenant.dto.js';
import { numberOf } from './checked.js';
import { UsageError } from './usage.js';

type Setting = keyof Omit<CreateTenantDto, 'id' | 'status'>;

/** The flags of `tenants create` and `tenants update`, and the setting each one sets. */
export const TENANT_SETTING_FLAGS = {
  name: 'name',
  'daily-quota': 'dailyQuota',
  'rate-per-second': 'apiRatePerSecond',
  burst: 'apiRateBurst',
  'time-zone': 'timeZone',
  weight: 'weight',
  'sender-key': 'senderKey',
} as const satisfies Record<string, Setting>;
export type TenantSettingFlag = keyof typeof TENANT_SETTING_FLAGS;

const TEXT_SETTINGS: ReadonlySet<Setting> = new Set(['name', 'timeZone', 'senderKey']);
/** Settings the API takes as null: no quota, back to the API's own rate defaults, or the account's sender profile. */
const CLEARABLE_SETTINGS: ReadonlySet<Setting> = new Set(['dailyQuota', 'apiRatePerSecond', 'apiRateBurst', 'senderKey']);

/** The flag that sets a field of the request body, for messages; `<id>` for the tenant's id. */
export function flagOfSetting(field: PropertyKey | undefined): string {
  if (field === 'id') return '<id>';
  const flag = Object.entries(TENANT_SETTING_FLAGS).find(([, setting]) => setting === field)?.[0];
  return flag ? `--${flag}` : String(field);
}

/**
 * The settings the flags give, typed as the API takes them: numbers as numbers, and
 * `none` as null where the API allows it. Ranges are left to the API's schema.
 */
export function settingsFromFlags(flags: Partial<Record<TenantSettingFlag, string>>): Record<string, string | number | null> {
  const settings: Record<string, string | number | null> = {};
  const problems: string[] = [];
  for (const [flag, setting] of Object.entries(TENANT_SETTING_FLAGS) as Array<[TenantSettingFlag, Setting]>) {
    const value = flags[flag];
    if (value === undefined) continue;
    if (CLEARABLE_SETTINGS.has(setting) && value === 'none') {
      settings[setting] = null;
    } else if (TEXT_SETTINGS.has(setting)) {
      settings[setting] = value;
    } else {
      const number = numberOf(value);
      if (number === undefined) problems.push(`--${flag}: must be a number${CLEARABLE_SETTINGS.has(setting) ? ', or none' : ''} (got '${value}')`);
      settings[setting] = number ?? null;
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return settings;
}
