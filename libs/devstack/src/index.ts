export { freePort } from './free-port.js';
export { ensureRedisServer, startRedis, stopChild, type RunningRedis } from './redis-server.js';
export { startRedisCluster, type RunningRedisCluster } from './redis-cluster.js';
export { startPostgres, type RunningPostgres } from './embedded-postgres.js';
export { ensureDebianCommand } from './debian-package.js';
