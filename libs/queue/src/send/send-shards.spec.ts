import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SEND_QUEUE, sendShardNames, shardIndex } from './send-shards.js';

describe('send queue shards', () => {
  it('keeps the one queue of an unsharded deployment under its old name', () => {
    expect(sendShardNames(1)).toEqual([SEND_QUEUE]);
    expect(sendShardNames(3)).toEqual([SEND_QUEUE, `${SEND_QUEUE}-1`, `${SEND_QUEUE}-2`]);
    expect(() => sendShardNames(0)).toThrow(RangeError);
  });

  it('puts a key on the same shard every time, and every key on shard 0 when there is one', () => {
    const id = randomUUID();
    expect(shardIndex(id, 4)).toBe(shardIndex(id, 4));
    expect(shardIndex(id, 1)).toBe(0);
  });

  it('spreads notification ids evenly', () => {
    const counts = [0, 0, 0, 0];
    for (let index = 0; index < 40_000; index++) counts[shardIndex(randomUUID(), 4)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
