import { describe, expect, it } from '@jest/globals';
import { parseAdminArgs } from './arguments.js';
import { UsageError } from './usage.js';

const KEY_ID = 'key_0123456789ab';
const command = (args: string) => {
  const parsed = parseAdminArgs(args.split(' '));
  if (parsed === 'help') throw new Error('expected a command');
  return parsed.command;
};
/** The UsageError's message for this command line. */
const refusal = (args: string[]) => {
  try {
    parseAdminArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
};

describe('npm run admin arguments', () => {
  describe('tenants', () => {
    it('creates a tenant named after its id unless --name says otherwise, with the settings as the API types them', () => {
      expect(command('tenants create shop')).toEqual({ name: 'tenants create', body: { id: 'shop', name: 'shop' } });
      const args = ['tenants', 'create', 'shop', '--name', 'The shop', '--daily-quota', '1000', '--rate-per-second', '0.5', '--burst', '20'];
      expect(parseAdminArgs([...args, '--time-zone', 'Europe/Berlin', '--weight', '3'])).toEqual({
        command: {
          name: 'tenants create',
          body: { id: 'shop', name: 'The shop', dailyQuota: 1000, apiRatePerSecond: 0.5, apiRateBurst: 20, timeZone: 'Europe/Berlin', weight: 3 },
        },
        json: false,
        apiUrl: undefined,
        operatorKey: undefined,
      });
    });

    it('updates only what is given, and `none` clears a quota or a rate back to the API default', () => {
      expect(command('tenants update shop --daily-quota none --burst none --weight 2')).toEqual({
        name: 'tenants update',
        tenantId: 'shop',
        body: { dailyQuota: null, apiRateBurst: null, weight: 2 },
      });
      expect(refusal(['tenants', 'update', 'shop'])).toMatch(/^tenants update \(--name, .*--sender-key\): give at least one setting to change/);
      expect(refusal(['tenants', 'update', 'shop', '--weight', 'none'])).toMatch(/^--weight: must be a number \(got 'none'\)/);
    });

    it("sets a tenant's own sender profile, and `none` gives it back the account's", () => {
      expect(command('tenants update shop --sender-key shop-channel')).toEqual({
        name: 'tenants update',
        tenantId: 'shop',
        body: { senderKey: 'shop-channel' },
      });
      expect(command('tenants update shop --sender-key none')).toEqual({ name: 'tenants update', tenantId: 'shop', body: { senderKey: null } });
    });

    it.each([
      ['list', { name: 'tenants list' }],
      ['show shop', { name: 'tenants show', tenantId: 'shop' }],
      ['suspend shop', { name: 'tenants suspend', tenantId: 'shop' }],
      ['resume shop', { name: 'tenants resume', tenantId: 'shop' }],
    ])('reads tenants %s', (rest, expected) => {
      expect(command(`tenants ${rest}`)).toEqual(expected);
    });
  });

  describe('keys', () => {
    it('creates a key with repeated --scope and a description', () => {
      expect(parseAdminArgs(['keys', 'create', '--tenant', 'shop', '--scope', 'recipients:read', '--description', 'support desk'])).toMatchObject({
        command: { name: 'keys create', tenantId: 'shop', body: { scopes: ['recipients:read'], description: 'support desk' } },
      });
      expect(command('keys create --tenant shop')).toEqual({ name: 'keys create', tenantId: 'shop', body: { scopes: [] } });
    });

    it('rotates with 24 hours of grace unless --grace-seconds says otherwise (0 ends the old key now)', () => {
      expect(command(`keys rotate ${KEY_ID} --tenant shop`)).toEqual({ name: 'keys rotate', tenantId: 'shop', keyId: KEY_ID, body: { graceSeconds: 86_400 } });
      expect(command(`keys rotate ${KEY_ID} --tenant shop --grace-seconds 0`)).toMatchObject({ body: { graceSeconds: 0 } });
    });

    it('lists and revokes by tenant', () => {
      expect(command('keys list --tenant shop')).toEqual({ name: 'keys list', tenantId: 'shop' });
      expect(command(`keys revoke ${KEY_ID} --tenant shop`)).toEqual({ name: 'keys revoke', tenantId: 'shop', keyId: KEY_ID });
    });
  });

  it('takes --json, --api-url and --operator-key anywhere on the line', () => {
    expect(parseAdminArgs(['--json', 'tenants', 'list', '--api-url', 'http://127.0.0.1:3100/', '--operator-key', 'op-key'])).toEqual({
      command: { name: 'tenants list' },
      json: true,
      apiUrl: 'http://127.0.0.1:3100',
      operatorKey: 'op-key',
    });
  });

  it('answers help for --help, -h and help, whatever else is on the line', () => {
    expect(parseAdminArgs(['--help'])).toBe('help');
    expect(parseAdminArgs(['keys', 'rotate', '-h'])).toBe('help');
    expect(parseAdminArgs(['help'])).toBe('help');
  });

  describe('refuses, naming the argument at fault', () => {
    it.each([
      [[], /give a command/],
      [['tenants', 'delete', 'shop'], /unknown command 'tenants delete'/],
      [['shop'], /unknown command 'shop'/],
      [['constructor'], /unknown command 'constructor'/],
      [['tenants', 'show'], /tenants show: <id> is missing/],
      [['tenants', 'show', 'shop', 'extra'], /tenants show: unexpected argument 'extra'/],
      [['tenants', 'create', 'Shop'], /^<id>: lower-case letters, digits and - only/],
      [['tenants', 'create', 'shop', '--weight', '1.5'], /^--weight: /],
      [['tenants', 'create', 'shop', '--weight', 'two'], /^--weight: must be a number \(got 'two'\)/],
      [['tenants', 'create', 'shop', '--daily-quota=-1'], /^--daily-quota: (?!must be a number)/],
      [['tenants', 'create', 'shop', '--daily-quota', ''], /^--daily-quota: must be a number, or none/],
      [['tenants', 'create', 'shop', '--time-zone', 'Mars/Olympus'], /^--time-zone: must be an IANA time zone/],
      [['tenants', 'create', 'shop', '--name'], /'--name <value>' argument missing/],
      [['tenants', 'create', 'shop', '--wieght', '2'], /Unknown option '--wieght'/],
      [['tenants', 'list', '--weight', '2'], /^--weight: does not apply to tenants list/],
      [['keys', 'create', '--tenant', 'shop', '--weight', '2'], /^--weight: does not apply to keys create/],
      [['keys', 'list'], /^--tenant: is required/],
      [['keys', 'list', '--tenant', 'Shop!'], /^--tenant: lower-case letters/],
      [['keys', 'create', '--tenant', 'shop', '--scope', 'everything'], /^--scope: /],
      [['keys', 'rotate', 'shop-key', '--tenant', 'shop'], /^<keyId>: must be a key id/],
      [['keys', 'rotate', KEY_ID, '--tenant', 'shop', '--grace-seconds', '99999999'], /^--grace-seconds: /],
      [['keys', 'revoke', '--tenant', 'shop'], /keys revoke: <keyId> is missing/],
      [['tenants', 'list', '--api-url', 'localhost:3000'], /^--api-url: must be an http\(s\) URL/],
      [['tenants', 'list', '--operator-key', ''], /^--operator-key: must not be empty/],
    ])('%j', (args, message) => {
      expect(refusal(args)).toMatch(message);
    });
  });
});
