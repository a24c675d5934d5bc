import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Cluster } from 'ioredis';
import { ALL_QUEUES, sendShardNames } from '../../../libs/queue/src/index.js';
import { startTestStack, type TestStack } from '../../support/test-stack.js';

const SHARDS = 3;

/** Every key on the cluster's masters under this prefix, with the slot it hashes to. */
async function keysOf(client: Cluster, prefix: string): Promise<Array<{ key: string; slot: number }>> {
  const keys: string[] = [];
  for (const master of client.nodes('master')) {
    let cursor = '0';
    do {
      const [next, batch] = await master.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return Promise.all(keys.map(async (key) => ({ key, slot: Number(await client.cluster('KEYSLOT', key)) })));
}

/**
 * Runs only in `npm run test:cluster`: that Herald is really on the cluster, each queue on
 * a slot of its own (so queues spread over the masters) and every key of one queue, or of
 * one Lua script's call, on one slot (what Redis Cluster requires of multi-key commands).
 */
describe('Herald on a Redis Cluster', () => {
  let stack: TestStack;
  let client: Cluster;
  beforeAll(async () => {
    stack = await startTestStack({ apiEnv: { SEND_QUEUE_SHARDS: String(SHARDS) } });
    await stack.registerTemplate('LAYOUT', '#{name}님 안녕하세요');
    const seeds = stack.api.config.REDIS_CLUSTER_NODES;
    if (!seeds) throw new Error('the cluster tier runs with HERALD_TEST_REDIS_CLUSTER=1 (npm run test:cluster)');
    client = new Cluster(seeds.nodes);
  });
  afterAll(async () => {
    await client?.quit();
    await stack?.close();
  });

  it('delivers, and puts each queue on a slot of its own with all of its keys on it', async () => {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, n) => stack.send({ to: `010-4${String(n).padStart(3, '0')}-1234`, templateCode: 'LAYOUT', variables: { name: 'C' } })),
    );
    for (const id of ids) await stack.untilStatus(id, 'delivered', 15_000);

    const prefix = stack.api.config.QUEUE_PREFIX;
    const keys = await keysOf(client, prefix);
    const queues = [...sendShardNames(SHARDS), ...ALL_QUEUES.slice(1)];
    const slotsByQueue = new Map<string, Set<number>>();
    for (const { key, slot } of keys) {
      const queue = /^\{[^:]+:([^}]+)\}:/.exec(key)?.[1];
      if (!queue) continue;
      slotsByQueue.set(queue, (slotsByQueue.get(queue) ?? new Set()).add(slot));
    }
    for (const shard of sendShardNames(SHARDS)) expect(slotsByQueue.get(shard)?.size).toBe(1);
    for (const [queue, slots] of slotsByQueue) {
      expect(queues).toContain(queue);
      expect(slots.size).toBe(1);
    }
    const queueSlots = [...slotsByQueue.values()].map((slots) => [...slots][0]);
    expect(new Set(queueSlots).size).toBe(queueSlots.length);

    // The rate limiters' keys: the vendor's log and budget share a slot, as their one script needs.
    const vendorSlots = new Set(keys.filter(({ key }) => key.startsWith(`${prefix}:vendor-rate:`)).map(({ slot }) => slot));
    expect(vendorSlots.size).toBe(1);
    expect(keys.some(({ key }) => key.startsWith(`${prefix}:api-rate:`))).toBe(true);
  }, 40_000);
});
