import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  createKeySchema,
  createTenantSchema,
  keyIdSchema,
  rotateKeySchema,
  tenantIdSchema,
  updateTenantSchema,
  type CreateKeyDto,
  type CreateTenantDto,
  type RotateKeyDto,
  type UpdateTenantDto,
} from '../../apps/api/src/tenants/tenant.dto.js';
import { checked, numberOf } from './checked.js';
import { flagOfSetting, settingsFromFlags, TENANT_SETTING_FLAGS, type TenantSettingFlag } from './tenant-setting-flags.js';
import { UsageError } from './usage.js';

/** One thing to ask the admin API, its request body already valid for it. */
export type AdminCommand =
  | { name: 'tenants create'; body: CreateTenantDto }
  | { name: 'tenants list' }
  | { name: 'tenants show' | 'tenants suspend' | 'tenants resume'; tenantId: string }
  | { name: 'tenants update'; tenantId: string; body: UpdateTenantDto }
  | { name: 'keys create'; tenantId: string; body: CreateKeyDto }
  | { name: 'keys list'; tenantId: string }
  | { name: 'keys rotate'; tenantId: string; keyId: string; body: RotateKeyDto }
  | { name: 'keys revoke'; tenantId: string; keyId: string };

export interface AdminInvocation {
  command: AdminCommand;
  /** Print the API's answer as JSON instead of lines and tables. */
  json: boolean;
  /** --api-url, without a trailing slash; unset: the environment decides (admin-target.ts). */
  apiUrl?: string;
  operatorKey?: string;
}

const OPTIONS = {
  ...(Object.fromEntries(Object.keys(TENANT_SETTING_FLAGS).map((flag) => [flag, { type: 'string' }])) as Record<TenantSettingFlag, { type: 'string' }>),
  tenant: { type: 'string' },
  scope: { type: 'string', multiple: true },
  description: { type: 'string' },
  'grace-seconds': { type: 'string' },
  json: { type: 'boolean' },
  'api-url': { type: 'string' },
  'operator-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type CommandFlag = Exclude<keyof typeof OPTIONS, 'json' | 'api-url' | 'operator-key' | 'help'>;

interface CommandSpec {
  /** The argument after the command's two words, as --help names it. */
  operand?: '<id>' | '<keyId>';
  /** The flags it takes besides the global ones. */
  flags: readonly CommandFlag[];
  build(operand: string, flags: Flags): AdminCommand;
}

const SETTING_FLAGS = Object.keys(TENANT_SETTING_FLAGS) as TenantSettingFlag[];
const tenantOperand = (id: string) => checked(tenantIdSchema, id, () => '<id>');
const keyOperand = (id: string) => checked(keyIdSchema, id, () => '<keyId>');
const byTenantSetting = (path: readonly PropertyKey[]) => flagOfSetting(path[0]);

/** --tenant, which every keys command needs. */
function tenantFlag(flags: Flags): string {
  if (flags.tenant === undefined) throw new UsageError("--tenant: is required (the tenant's id, e.g. --tenant shop)");
  return checked(tenantIdSchema, flags.tenant, () => '--tenant');
}

const COMMANDS: Record<AdminCommand['name'], CommandSpec> = {
  'tenants create': {
    operand: '<id>',
    flags: SETTING_FLAGS,
    // The API needs a name; an id such as `shop` is a fair one until someone gives another.
    build: (id, flags) => ({ name: 'tenants create', body: checked(createTenantSchema, { id, name: id, ...settingsFromFlags(flags) }, byTenantSetting) }),
  },
  'tenants list': { flags: [], build: () => ({ name: 'tenants list' }) },
  'tenants show': { operand: '<id>', flags: [], build: (id) => ({ name: 'tenants show', tenantId: tenantOperand(id) }) },
  'tenants update': {
    operand: '<id>',
    flags: SETTING_FLAGS,
    build: (id, flags) => ({
      name: 'tenants update',
      tenantId: tenantOperand(id),
      body: checked(updateTenantSchema, settingsFromFlags(flags), (path) =>
        path.length === 0 ? `tenants update (${SETTING_FLAGS.map((flag) => `--${flag}`).join(', ')})` : byTenantSetting(path),
      ),
    }),
  },
  'tenants suspend': { operand: '<id>', flags: [], build: (id) => ({ name: 'tenants suspend', tenantId: tenantOperand(id) }) },
  'tenants resume': { operand: '<id>', flags: [], build: (id) => ({ name: 'tenants resume', tenantId: tenantOperand(id) }) },
  'keys create': {
    flags: ['tenant', 'scope', 'description'],
    build: (_, flags) => ({
      name: 'keys create',
      tenantId: tenantFlag(flags),
      body: checked(
        createKeySchema,
        { scopes: flags.scope ?? [], description: flags.description },
        (path) => `--${path[0] === 'scopes' ? 'scope' : String(path[0])}`,
      ),
    }),
  },
  'keys list': { flags: ['tenant'], build: (_, flags) => ({ name: 'keys list', tenantId: tenantFlag(flags) }) },
  'keys rotate': {
    operand: '<keyId>',
    flags: ['tenant', 'grace-seconds'],
    build: (keyId, flags) => ({ name: 'keys rotate', tenantId: tenantFlag(flags), keyId: keyOperand(keyId), body: rotateBody(flags['grace-seconds']) }),
  },
  'keys revoke': {
    operand: '<keyId>',
    flags: ['tenant'],
    build: (keyId, flags) => ({ name: 'keys revoke', tenantId: tenantFlag(flags), keyId: keyOperand(keyId) }),
  },
};

function rotateBody(graceSeconds: string | undefined): RotateKeyDto {
  if (graceSeconds === undefined) return checked(rotateKeySchema, {}, () => '--grace-seconds');
  const seconds = numberOf(graceSeconds);
  if (seconds === undefined) throw new UsageError(`--grace-seconds: must be a number of seconds (got '${graceSeconds}')`);
  return checked(rotateKeySchema, { graceSeconds: seconds }, () => '--grace-seconds');
}

const apiUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((url) => url.replace(/\/+$/, ''));

/** The command line, checked: a mistake throws UsageError naming the argument at fault. */
export function parseAdminArgs(args: string[]): AdminInvocation | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help || positionals[0] === 'help') return 'help';
  if (positionals.length === 0) throw new UsageError('give a command, e.g. `tenants list`');
  const name = positionals.slice(0, 2).join(' ');
  // hasOwn: `npm run admin -- constructor` must not find Object.prototype's.
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as AdminCommand['name']] : undefined;
  if (!spec) throw new UsageError(`unknown command '${name}'; the commands are: ${Object.keys(COMMANDS).join(', ')}`);

  const operands = positionals.slice(2);
  if (spec.operand && operands.length === 0) throw new UsageError(`${name}: ${spec.operand} is missing (${name} ${spec.operand})`);
  const extra = operands.slice(spec.operand ? 1 : 0);
  if (extra.length > 0) throw new UsageError(`${name}: unexpected argument '${extra[0]}'`);
  const misplaced = (Object.keys(flags) as Array<keyof Flags>).filter(
    (flag) => !['json', 'api-url', 'operator-key'].includes(flag) && !spec.flags.includes(flag as CommandFlag),
  );
  if (misplaced.length > 0) throw new UsageError(misplaced.map((flag) => `--${flag}: does not apply to ${name}`).join('\n'));

  return {
    command: spec.build(operands[0] ?? '', flags),
    json: flags.json ?? false,
    apiUrl: flags['api-url'] === undefined ? undefined : checked(apiUrlSchema, flags['api-url'], () => '--api-url'),
    operatorKey:
      flags['operator-key'] === undefined ? undefined : checked(z.string().min(1, 'must not be empty'), flags['operator-key'], () => '--operator-key'),
  };
}
