import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../libs/devstack/src/index.js';
import { requestJson } from '../../support/http.js';
import { runScript, type Exited } from '../../support/script-process.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/**
 * `npm run admin -- …` as the operator runs it: a child process of its own, told where
 * the API is and which operator key to use only through its environment.
 */
const admin = (args: string[], env: Record<string, string>): Promise<Exited> => runScript('scripts/admin/main.ts', args, env);

const done = (run: Exited): string => {
  if (run.code !== 0) throw new Error(`npm run admin exited ${run.code}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
};

/** The key a text answer shows on its own line. */
const keyShownIn = (stdout: string): string => {
  const key = /^ {4}(hrd_live_[\w-]+)$/m.exec(stdout)?.[1];
  if (!key) throw new Error(`no key in:\n${stdout}`);
  return key;
};

describe('npm run admin against a running API', () => {
  let api: TestApi;
  let dataDir: string;
  /** Everything the CLI printed, to show that the operator key never is. */
  let printed = '';
  let env: Record<string, string>;
  const run = async (args: string[], runEnv = env) => {
    const exited = await admin(args, runEnv);
    printed += exited.stdout + exited.stderr;
    return exited;
  };
  const asProducer = (key: string) => (method: string, path: string, body?: unknown) =>
    requestJson(api.url, method, path, { body, headers: { authorization: `Bearer ${key}` } });
  const registers = (key: string, code: string) => asProducer(key)('POST', '/v1/templates', { code, body: '#{name}님, 주문 #{order}' });

  beforeAll(async () => {
    api = await startTestApi();
    // An empty data folder: nothing here may come from a secrets.json by accident.
    dataDir = mkdtempSync(join(tmpdir(), 'herald-admin-cli-'));
    env = { HERALD_API_URL: api.url, HERALD_OPERATOR_KEY: api.operatorKey, HERALD_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await api?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes a tenant and a key, rotates it, revokes the new one and suspends the tenant, each taking effect at once', async () => {
    expect(done(await run(['tenants', 'create', 'shop', '--name', 'Shop', '--daily-quota', '1000', '--weight', '2']))).toContain('created tenant shop');
    expect(JSON.parse(done(await run(['tenants', 'show', 'shop', '--json'])))).toMatchObject({
      id: 'shop',
      name: 'Shop',
      status: 'active',
      dailyQuota: 1000,
      apiRatePerSecond: null,
      weight: 2,
    });

    const issued = done(await run(['keys', 'create', '--tenant', 'shop', '--description', 'orders service']));
    expect(issued).toContain('This is the only time the key is shown');
    const firstKey = keyShownIn(issued);
    const firstKeyId = /^created key (key_[0-9a-f]{12}) of tenant shop \(scopes: none; orders service\):$/m.exec(issued)?.[1];
    expect(firstKeyId).toBeDefined();
    expect((await registers(firstKey, 'ORDER')).status).toBe(201);

    const rotation = await run(['keys', 'rotate', firstKeyId!, '--tenant', 'shop', '--grace-seconds', '3600', '--json']);
    const rotated = JSON.parse(done(rotation)) as { id: string; key: string; state: string; replaces: { id: string; state: string; expiresAt: string } };
    expect(rotated).toMatchObject({ state: 'active', replaces: { id: firstKeyId, state: 'rotating' } });
    expect(Date.parse(rotated.replaces.expiresAt) - Date.now()).toBeGreaterThan(3500 * 1000);
    // With --json, stdout is the JSON alone; the warning goes to stderr.
    expect(rotation.stderr).toContain('This is the only time the key is shown');
    expect((await registers(firstKey, 'ORDER_OLD_KEY')).status).toBe(201);
    expect((await registers(rotated.key, 'ORDER_NEW_KEY')).status).toBe(201);

    const listed = done(await run(['keys', 'list', '--tenant', 'shop']));
    expect(listed).toMatch(new RegExp(`^${firstKeyId} +hrd_live_\\S+ +rotating +none `, 'm'));
    expect(listed).toMatch(new RegExp(`^${rotated.id} +hrd_live_\\S+ +active `, 'm'));

    expect(done(await run(['keys', 'revoke', rotated.id, '--tenant', 'shop']))).toContain(`revoked key ${rotated.id} of tenant shop`);
    expect(await registers(rotated.key, 'AFTER_REVOKE')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await registers(firstKey, 'OLD_KEY_STILL')).status).toBe(201);

    expect(done(await run(['tenants', 'suspend', 'shop']))).toContain('suspended tenant shop');
    expect(await registers(firstKey, 'WHILE_SUSPENDED')).toMatchObject({ status: 403, body: { error: { code: 'tenant_suspended' } } });
    const tenants = JSON.parse(done(await run(['tenants', 'list', '--json']))) as { items: Array<{ id: string; status: string }> };
    expect(tenants.items).toContainEqual(expect.objectContaining({ id: 'shop', status: 'suspended' }));

    done(await run(['tenants', 'resume', 'shop']));
    expect((await registers(firstKey, 'RESUMED')).status).toBe(201);
  }, 180_000);

  it("prints the API's code and message when it refuses, and exits 1", async () => {
    done(await run(['tenants', 'create', 'dupe']));
    const again = await run(['tenants', 'create', 'dupe']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('admin: tenant_exists: tenant dupe exists already');
    const missing = await run(['keys', 'revoke', 'key_000000000000', '--tenant', 'dupe']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('admin: not_found: live key key_000000000000 of tenant dupe not found');
  }, 60_000);

  it('exits 2 naming the bad argument, before calling the API', async () => {
    const badValue = await run(['tenants', 'create', 'other', '--weight', 'two']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain("--weight: must be a number (got 'two')");
    const noTenant = await run(['keys', 'create']);
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toContain('--tenant: is required');
    expect((await api.operator('GET', '/v1/admin/tenants/other')).status).toBe(404);
  }, 60_000);

  it('finds the operator key `npm start` keeps in $HERALD_DATA_DIR/secrets.json', async () => {
    const npmStartData = mkdtempSync(join(tmpdir(), 'herald-admin-cli-secrets-'));
    try {
      writeFileSync(join(npmStartData, 'secrets.json'), JSON.stringify({ apiKey: api.apiKey, operatorKey: api.operatorKey }));
      const listed = await run(['tenants', 'list'], { HERALD_API_URL: api.url, HERALD_DATA_DIR: npmStartData });
      expect(done(listed)).toMatch(/^default +/m);
    } finally {
      rmSync(npmStartData, { recursive: true, force: true });
    }
  }, 60_000);

  it('says where a refused operator key came from', async () => {
    const refused = await run(['tenants', 'list'], { ...env, HERALD_OPERATOR_KEY: 'not-an-operator-key-0123456789' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('admin: unauthorized: invalid API key');
    expect(refused.stderr).toContain('refused the operator key from HERALD_OPERATOR_KEY');
    expect(refused.stderr).not.toContain('not-an-operator-key-0123456789');
  }, 60_000);

  it('says `npm start` does not seem to run when nothing answers', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await run(['tenants', 'list'], { ...env, HERALD_API_URL: nowhere });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`admin: \`npm start\` does not seem to run at ${nowhere}`);
    expect(unreachable.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('never printed the operator key', () => {
    expect(printed).not.toBe('');
    expect(printed).not.toContain(api.operatorKey);
  });
});
