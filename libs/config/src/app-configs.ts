import { z } from 'zod';
import {
  commaList,
  flag,
  httpUrl,
  port,
  positiveInt,
  postgresUrl,
  queuePrefix,
  redisClusterNodes,
  redisUrl,
  secret,
  sendQueueShards,
  webhookSecretKey,
} from './env-fields.js';
import { BULK_MAX_MESSAGES } from '../../vendor/src/protocol.js';

const storage = {
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: positiveInt(10),
  /** One Redis; or, with REDIS_CLUSTER_NODES, left unset. */
  REDIS_URL: redisUrl.optional(),
  /** A Redis Cluster's seed nodes (README, "Scaling"); every Redis use goes through a cluster client then. */
  REDIS_CLUSTER_NODES: redisClusterNodes.optional(),
  QUEUE_PREFIX: queuePrefix,
  /** The send queue split over this many queues (by notification id); the API and every worker must agree. */
  SEND_QUEUE_SHARDS: sendQueueShards,
  // Producers (the API, and the worker when it redrives) stamp this on each send job.
  SEND_ATTEMPTS: positiveInt(5),
};

/** How the API and the worker log (libs/logging). */
const logging = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Readable lines instead of JSON; defaults to on when NODE_ENV=development. */
  LOG_PRETTY: flag,
  NODE_ENV: z.string().optional(),
};
export const loggingConfigSchema = z.object(logging);
export type LoggingConfig = z.infer<typeof loggingConfigSchema>;

const vendorAccount = {
  VENDOR_CLIENT_ID: z.string({ error: 'is required' }).min(1),
  VENDOR_CLIENT_SECRET: secret,
  VENDOR_SENDER_KEY: z.string({ error: 'is required' }).min(1),
};

/**
 * Exactly one Redis is named: REDIS_URL or REDIS_CLUSTER_NODES. In a cluster Herald
 * gives each queue a hash tag of its own, so a QUEUE_PREFIX carrying one would put
 * every queue back in one slot.
 */
function oneRedisNamed(config: { REDIS_URL?: string; REDIS_CLUSTER_NODES?: unknown; QUEUE_PREFIX: string }, context: z.RefinementCtx): void {
  if (config.REDIS_URL && config.REDIS_CLUSTER_NODES)
    context.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'set either REDIS_URL or REDIS_CLUSTER_NODES, not both' });
  if (!config.REDIS_URL && !config.REDIS_CLUSTER_NODES)
    context.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'is required (redis://host:port), unless REDIS_CLUSTER_NODES names a cluster' });
  if (config.REDIS_CLUSTER_NODES && /[{}]/.test(config.QUEUE_PREFIX)) {
    context.addIssue({ code: 'custom', path: ['QUEUE_PREFIX'], message: 'must not contain { or } with REDIS_CLUSTER_NODES: Herald adds a hash tag per queue' });
  }
}

export const apiConfigSchema = z
  .object({
    ...storage,
    ...logging,
    PORT: port(3000),
    /**
     * Development bootstrap: producer keys of the tenant `default`, added to api_keys at
     * start (by hash). Real tenants' keys are made with the admin API or CLI.
     */
    HERALD_API_KEYS: commaList.default([]),
    /** Operator keys, bootstrapped the same way (every route under /v1/admin, the vendor budget). */
    HERALD_OPERATOR_KEYS: commaList.default([]),
    /** How long an API process reuses a key it looked up; revocations reach every process at once by Redis pub/sub, this bounds a missed one. */
    CREDENTIAL_CACHE_MS: z.coerce.number().int().min(0).default(5000),
    /** Wrong keys one client address may present: a bucket of this many, refilled at the rate below; beyond, 429 before any lookup. */
    AUTH_FAILURE_BURST: positiveInt(20),
    AUTH_FAILURES_PER_SECOND: z.coerce.number().positive().default(1),
    /**
     * Proxy hops in front of the API whose X-Forwarded-For is trusted for the client
     * address (the failed-key throttle counts per address); 0: the socket's address.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    REPORT_SECRET: secret,
    /** 32 bytes, base64: seals webhook signing secrets at rest. Unset, the webhook routes answer 404 (off). */
    WEBHOOK_SECRET_KEY: webhookSecretKey.optional(),
    /** Lets webhook URLs name loopback, private and link-local addresses (development and tests only). */
    WEBHOOK_ALLOW_PRIVATE: flag,
    ADMIN_USER: z.string({ error: 'is required (Bull Board login)' }).min(1),
    ADMIN_PASSWORD: secret,
    /** Fits a batch send of 1,000 notifications with failback texts. */
    MAX_BODY_BYTES: positiveInt(1024 * 1024),
    /** How long a request waits for Redis on a queue operation: a send is accepted anyway (the row is kept), other routes answer 503. */
    ENQUEUE_TIMEOUT_MS: positiveInt(2000),
    /** The vendor TPS until one is set at runtime (PUT /v1/vendor/rate-limit); workers read the same. */
    VENDOR_TPS: positiveInt(200),
    /** How long an API process reuses a template it read; a template re-registered elsewhere is seen after this. 0: always read. */
    TEMPLATE_CACHE_MS: z.coerce.number().int().min(0).default(1000),
    /** A JSON array of campaign recipients (at most 10,000) may be this large; CSV and NDJSON stream without limit. */
    MAX_RECIPIENT_UPLOAD_JSON_BYTES: positiveInt(8 * 1024 * 1024),
    /** Cancel answers once the campaign's sends in progress finish, or after this long. */
    CAMPAIGN_CANCEL_SETTLE_MS: positiveInt(30_000),
    /** Bearer token Prometheus sends to GET /metrics; unset, the route is off (404). */
    METRICS_TOKEN: secret.optional(),
    /**
     * Per tenant (unless it has its own), requests per second refilled into a token bucket shared by every API
     * process (Redis). Generous by default so benchmarks are not throttled; may be
     * fractional (0.5 = one request every 2 s).
     */
    API_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(1000),
    /** The bucket's size: how many requests a tenant may make at once after a quiet spell. */
    API_RATE_LIMIT_BURST: positiveInt(2000),
    /**
     * An Idempotency-Key claim still in flight after this long belongs to a process that
     * died; a retry may take it over. Longer than any request takes (a batch of 1,000).
     */
    IDEMPOTENCY_ABANDONED_AFTER_MS: positiveInt(60_000),
  })
  .superRefine(oneRedisNamed);
export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const workerConfigSchema = z
  .object({
    ...storage,
    ...logging,
    ...vendorAccount,
    VENDOR_URL: httpUrl,
    VENDOR_TPS: positiveInt(200),
    /**
     * The vendor's sliding window plus a margin: requests leave Herald a few ms apart
     * from when the vendor counts them, so a window a little over 1 s keeps that
     * jitter from ever putting TPS + 1 into one vendor second.
     */
    VENDOR_RATE_WINDOW_MS: positiveInt(1020),
    /** A job turned back by the vendor's 429 this many times is failed like a transient error. */
    MAX_RATE_LIMITED_STARTS: z.coerce.number().int().min(0).default(100),
    VENDOR_TIMEOUT_MS: positiveInt(5000),
    /** AlimTalk messages per bulk call to the vendor; 1 sends each on its own (a vendor without bulk sends). */
    VENDOR_BULK_MAX: z.coerce.number().int().min(1).max(BULK_MAX_MESSAGES).default(100),
    WORKER_CONCURRENCY: positiveInt(50),
    WORKER_HEALTH_PORT: port(3001),
    /**
     * A message sent (or failed back) with no final result from the vendor after this
     * long becomes `expired`: carriers can take 26 h for SMS and 49 h for LMS.
     */
    REPORT_EXPIRE_AFTER_HOURS: positiveInt(72),
    /** A message sent this long ago with no report is looked up at the vendor (its callback may have been lost). */
    REPORT_LOOKUP_AFTER_MS: positiveInt(10 * 60_000),
    /** Lookup requests per second, each for up to 100 messages: a budget of their own, apart from the sends'. */
    REPORT_LOOKUP_PER_SECOND: positiveInt(5),
    /** Messages looked up per maintenance run at most; the next run goes on from where this one stopped. */
    REPORT_LOOKUP_PER_RUN: positiveInt(5000),
    /**
     * Where the health/metrics server listens. It has no authentication, so loopback by
     * default; 0.0.0.0 opens it to the pod or compose network (probes, Prometheus).
     */
    WORKER_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
    SEND_BACKOFF_MS: positiveInt(1000),
    SEND_BACKOFF_MAX_MS: positiveInt(60_000),
    /** SIGTERM: how long active sends may take to finish before they are handed back. */
    WORKER_SHUTDOWN_GRACE_MS: positiveInt(15_000),
    /** Job lock; a killed worker's jobs are taken over within about 1.5 × this. */
    WORKER_LOCK_MS: positiveInt(10_000),
    /** Reports applied per statement, and how long the first of a batch may wait for the rest. */
    REPORT_BATCH_SIZE: positiveInt(500),
    REPORT_BATCH_WAIT_MS: positiveInt(100),
    /**
     * Send claims (and vendor acceptances) of concurrent jobs written per statement, and
     * how long the first may wait for more. At 0, a batch goes out at once unless
     * statements are already running, in which case what arrives meanwhile goes next.
     */
    SEND_BATCH_SIZE: positiveInt(100),
    SEND_BATCH_WAIT_MS: z.coerce.number().int().min(0).default(0),
    RECONCILE_EVERY_MS: positiveInt(30_000),
    /** Notifications, their history and finished campaigns' recipients older than this go, a week partition at a time (maintenance). */
    RETENTION_DAYS: positiveInt(90),
    /** A row pending or sending for longer than this without a live job is re-enqueued. */
    RECONCILE_AFTER_MS: positiveInt(60_000),
    /**
     * Campaign messages kept made-but-unsent per campaign: the expander tops the send
     * queue up to this many, so a cancel or pause has at most this many jobs to take
     * back. Size it at several seconds of the vendor TPS.
     */
    CAMPAIGN_WINDOW: positiveInt(20_000),
    /** Recipients per expansion statement and per addBulk. */
    CAMPAIGN_PAGE_SIZE: positiveInt(5_000),
    /** How often a running campaign's expander looks at its window again. */
    CAMPAIGN_TICK_MS: positiveInt(500),
    /**
     * Campaign messages carried by one send job. A job costs BullMQ a fixed share of
     * CPU however small its message, so a campaign travels in batch jobs; 1 queues one
     * job per message, as single sends are.
     */
    CAMPAIGN_JOB_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .superRefine(oneRedisNamed);
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export const simConfigSchema = z.object({
  ...vendorAccount,
  SIM_PORT: port(4010),
  SIM_TPS: positiveInt(200),
  SIM_REPORT_URL: httpUrl.optional(),
  SIM_REPORT_DELAY_MS: z.coerce.number().int().min(0).default(200),
  /** More sender profiles of the account, besides VENDOR_SENDER_KEY (a tenant's own Kakao channel). */
  SIM_SENDER_KEYS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .optional(),
  REPORT_SECRET: secret,
});
export type SimConfig = z.infer<typeof simConfigSchema>;

export const migrateConfigSchema = z.object({ DATABASE_URL: postgresUrl });

/** `npm start`: every store and secret is optional; what is missing is made locally. */
export const localStackConfigSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  REDIS_CLUSTER_NODES: redisClusterNodes.optional(),
  SEND_QUEUE_SHARDS: sendQueueShards,
  HERALD_API_KEYS: commaList.optional(),
  HERALD_OPERATOR_KEYS: commaList.optional(),
  HERALD_DATA_DIR: z.string().default('.herald'),
  PORT: port(3000),
  SIM_PORT: port(4010),
  WORKER_HEALTH_PORT: port(3001),
  REPORT_SECRET: secret.optional(),
  ADMIN_USER: z.string().default('admin'),
  ADMIN_PASSWORD: secret.optional(),
  VENDOR_URL: httpUrl.optional(),
  VENDOR_CLIENT_ID: z.string().default('herald-local'),
  VENDOR_CLIENT_SECRET: secret.optional(),
  VENDOR_SENDER_KEY: z.string().default('herald-local-sender'),
  SIM_REPORT_URL: httpUrl.optional(),
  /** npm start is for people at a terminal: readable logs unless LOG_PRETTY=false. */
  LOG_PRETTY: flag,
});
export type LocalStackConfig = z.infer<typeof localStackConfigSchema>;

/**
 * `npm run seed:campaign -- --local`: finds the stack `npm start` runs through the same
 * variables `npm start` reads (ports, data folder, keys), plus direct overrides.
 */
export const seedCampaignConfigSchema = localStackConfigSchema
  .pick({ HERALD_DATA_DIR: true, PORT: true, SIM_PORT: true, HERALD_API_KEYS: true, HERALD_OPERATOR_KEYS: true })
  .extend({
    /** The API to attach to; default http://127.0.0.1:$PORT. */
    HERALD_API_URL: httpUrl.optional(),
    /** A producer key the API accepts; default the first of HERALD_API_KEYS, else the dev key in $HERALD_DATA_DIR/secrets.json. */
    HERALD_API_KEY: z.string().min(1).optional(),
    /** An operator key (the run sets the vendor budget); default the first of HERALD_OPERATOR_KEYS, else the one in secrets.json. */
    HERALD_OPERATOR_KEY: z.string().min(1).optional(),
    /** The vendor simulator; default http://127.0.0.1:$SIM_PORT. */
    HERALD_SIM_URL: httpUrl.optional(),
  });
export type SeedCampaignConfig = z.infer<typeof seedCampaignConfigSchema>;

/**
 * `npm run admin`: the operator CLI finds the API and an operator key the way
 * `npm start` chose them (PORT, HERALD_OPERATOR_KEYS, else the key it keeps in
 * $HERALD_DATA_DIR/secrets.json), unless told directly.
 */
export const adminCliConfigSchema = localStackConfigSchema.pick({ HERALD_DATA_DIR: true, PORT: true, HERALD_OPERATOR_KEYS: true }).extend({
  /** The API to manage; default http://127.0.0.1:$PORT (`--api-url` wins). */
  HERALD_API_URL: httpUrl.optional(),
  /** The operator key to call with; default the first of HERALD_OPERATOR_KEYS, else the one in secrets.json (`--operator-key` wins). */
  HERALD_OPERATOR_KEY: z.string().min(1).optional(),
});
export type AdminCliConfig = z.infer<typeof adminCliConfigSchema>;
