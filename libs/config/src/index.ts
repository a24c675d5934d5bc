export { inheritedEnvironment } from './inherited-environment.js';
export { ConfigError, parseEnv } from './parse-env.js';
export * from './app-configs.js';
export type { RedisClusterSpec } from './env-fields.js';
