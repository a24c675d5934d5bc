import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild } from '../../../libs/devstack/src/index.js';
import { ROOT, runScript, type Exited } from '../../support/script-process.js';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from '../../support/test-database.js';

const LOCAL_STACK_MAIN = join(ROOT, 'dist/scripts/local-stack/main.js');

/** `npm run seed:campaign` without its build step (npm test builds first), as a child process. */
const seedCampaign = (args: string[], env: Record<string, string>): Promise<Exited> => runScript('scripts/seed-campaign/main.ts', args, env);

/** The rows of the report's console.table, label → value as printed. */
function reportOf(stdout: string): Record<string, string> {
  const rows = stdout.split('\n').flatMap((line) => {
    const cells = /^│ (.+?)\s*│ (.+?)\s*│$/.exec(line.trimEnd());
    return cells ? [[cells[1]!, cells[2]!.replace(/^'|'$/g, '')] as const] : [];
  });
  return Object.fromEntries(rows);
}

/**
 * `seed:campaign --local` attaches to the stack `npm start` runs: here the very
 * launcher (dist/scripts/local-stack/main.js) on free ports with its own data folder,
 * using the suite's Redis and Postgres through REDIS_URL / DATABASE_URL as `npm start`
 * allows. The CLI finds the ports and the dev key the way `npm start` chose them.
 */
describe('seed:campaign --local against a running npm start', () => {
  let stack: ChildProcess;
  let stackOutput = '';
  let dataDir: string;
  let finding: Record<string, string>;
  let apiUrl: string;
  let simUrl: string;

  beforeAll(async () => {
    if (!existsSync(LOCAL_STACK_MAIN)) throw new Error(`${LOCAL_STACK_MAIN} is missing: run npm run build (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'herald-seed-local-'));
    const [port, simPort, workerPort] = [await freePort(), await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${port}`;
    simUrl = `http://127.0.0.1:${simPort}`;
    finding = { HERALD_DATA_DIR: dataDir, PORT: String(port), SIM_PORT: String(simPort) };
    stack = spawn(process.execPath, [LOCAL_STACK_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...finding,
        WORKER_HEALTH_PORT: String(workerPort),
        DATABASE_URL: await createTestDatabase(),
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: testQueuePrefix(),
        LOG_PRETTY: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start's stack did not come up:\n${stackOutput}`)), 45_000);
      const read = (chunk: Buffer) => {
        stackOutput = (stackOutput + chunk.toString()).slice(-20_000);
        if (stackOutput.includes('Herald is running.')) {
          clearTimeout(timer);
          resolve();
        }
      };
      stack.stdout!.on('data', read);
      stack.stderr!.on('data', read);
      stack.once('exit', (code) => reject(new Error(`the local stack exited with ${code}:\n${stackOutput}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (stack) await stopChild(stack, 20_000);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const expectCleanRun = (run: Exited) => {
    if (run.code !== 0) throw new Error(`seed:campaign exited ${run.code}\n${run.stdout}\n${run.stderr}\nstack:\n${stackOutput.slice(-4000)}`);
    const report = reportOf(run.stdout);
    // 300 × 2% = 6 failures: 3 K101 (delivered by SMS failback) and 3 P101 (failed on every channel).
    expect(report).toMatchObject({
      recipients: '300',
      delivered: '297',
      failed: '3',
      'failback (SMS/LMS sent)': '3',
      dead: '0',
      lost: '0',
      'vendor cap TPS': '400',
      'vendor AlimTalk messages': '300',
      'duplicates (same text to the same person)': '0',
    });
    expect(Number(report['mean / cap'])).toBeGreaterThan(0);
    // The cap holds per sliding second at the vendor. The mean over a run this short (under
    // two seconds) may exceed it: a whole second's budget plus part of the next.
    expect(Number.parseFloat(report['vendor max per second']!.replace('≤', '').trim())).toBeLessThanOrEqual(400);
    expect(run.stdout).toContain('OK: every recipient got exactly one message; nothing lost.');
    return report;
  };

  it('runs a campaign on it with the dev key it finds, reports that campaign alone each time, and puts the rate limits back', async () => {
    const first = await seedCampaign(['--local', '--recipients', '300', '--tps', '400'], finding);
    expect(first.stdout).toContain(`attached to ${apiUrl} (key: the dev key in ${join(dataDir, 'secrets.json')}), vendor simulator ${simUrl}`);
    expect(Number(expectCleanRun(first)['vendor max per second'])).toBeLessThanOrEqual(400);

    // The simulator's counters now hold the first run: the second must still count 300, not 600, and no duplicates.
    expectCleanRun(await seedCampaign(['--local', '--recipients', '300', '--tps', '400'], finding));

    const { operatorKey } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { operatorKey: string };
    const budget = (await (await fetch(`${apiUrl}/v1/vendor/rate-limit`, { headers: { authorization: `Bearer ${operatorKey}` } })).json()) as { tps: number };
    const simConfig = (await (await fetch(`${simUrl}/_sim/config`)).json()) as { tps: number };
    expect([budget.tps, simConfig.tps]).toEqual([200, 200]);
  }, 60_000);

  it('refuses a wrong API key with a message that says what to do', async () => {
    const run = await seedCampaign(['--local', '--recipients', '10', '--api-key', 'not-the-dev-key-0123456789'], finding);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`the API at ${apiUrl} refused the API key from --api-key (401)`);
    expect(run.stderr).toContain('--api-key or HERALD_API_KEY');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('refuses --chaos and --workers: it does not own the stack’s worker', async () => {
    const run = await seedCampaign(['--local', '--chaos', '--workers', '3'], finding);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers: is not available with --local/);
    expect(run.stderr).toMatch(/--chaos: is not available with --local/);
  }, 30_000);
});
