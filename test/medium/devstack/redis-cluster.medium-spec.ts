import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Cluster } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisCluster, type RunningRedisCluster } from '../../../libs/devstack/src/index.js';

/** The local Redis Cluster the cluster tier runs on: 3 masters, 3 replicas, failover on a master's kill -9. */
describe('a local Redis Cluster', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-cluster-'));
  let cluster: RunningRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster({ dataDir });
    client = new Cluster(cluster.seeds.split(',').map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) })));
  }, 60_000);
  afterAll(async () => {
    client.disconnect();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const keys = Array.from({ length: 60 }, (_, index) => `herald-test:key-${index}`);

  it('serves every slot from three masters', async () => {
    expect(await cluster.masterPorts()).toHaveLength(3);
    await Promise.all(keys.map((key, index) => client.set(key, String(index))));
    expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys.map((_, index) => String(index)));
    // The keys landed on every master: a cluster, not one node.
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(sizes.filter((size) => size > 0)).toHaveLength(3);
  });

  it('promotes a replica when a master is killed, and takes writes again', async () => {
    const [victim] = await cluster.masterPorts();
    const killedAt = Date.now();
    await cluster.nodes.find((node) => node.port === victim)!.kill();
    await cluster.untilFailedOver(victim!);
    const failoverMs = Date.now() - killedAt;
    console.log(`master on port ${victim} killed; a replica took over and every slot was served again after ${failoverMs} ms`);
    expect(await cluster.masterPorts()).toHaveLength(3);
    expect(await cluster.masterPorts()).not.toContain(victim);
    await Promise.all(keys.map((key) => client.set(key, 'after')));
    expect(new Set(await Promise.all(keys.map((key) => client.get(key))))).toEqual(new Set(['after']));
  }, 60_000);
});
