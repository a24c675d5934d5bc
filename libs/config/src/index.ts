export { ConfigError, parseEnv } from './parse-env.js';
export * from './app-configs.js';
