import { describe, expect, it } from '@jest/globals';
import { MicroBatcher } from './micro-batcher.js';

/** A run function that records its batches and settles each one when the test says so. */
function recordingRun<In>() {
  const batches: In[][] = [];
  const release: Array<(error?: Error) => void> = [];
  const run = (items: In[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      release.push((error) => (error ? reject(error) : resolve(items.map((item) => `done ${String(item)}`))));
    });
  return { batches, release, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MicroBatcher', () => {
  it('gathers concurrent calls into one batch and gives each caller its own result', async () => {
    const { batches, release, run } = recordingRun<number>();
    const batcher = new MicroBatcher({ run, maxSize: 100, maxWaitMs: 5 });
    const results = [1, 2, 3].map((item) => batcher.submit(item));
    await sleep(20);
    expect(batches).toEqual([[1, 2, 3]]);
    release[0]!();
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('sends a full batch at once, without waiting for the timer', async () => {
    const { batches, run } = recordingRun<number>();
    const batcher = new MicroBatcher({ run, maxSize: 2, maxWaitMs: 200 });
    void batcher.submit(1);
    void batcher.submit(2);
    void batcher.submit(3);
    await settle();
    expect(batches).toEqual([[1, 2]]);
    expect(batcher.pending).toBe(1);
  });

  it('sends a partial batch after maxWaitMs', async () => {
    const { batches, run } = recordingRun<number>();
    const batcher = new MicroBatcher({ run, maxSize: 100, maxWaitMs: 30 });
    void batcher.submit(1);
    await sleep(10);
    expect(batches).toEqual([]);
    await sleep(60);
    expect(batches).toEqual([[1]]);
  });

  it('counts items by their weight, and sends an overweight item alone', async () => {
    const { batches, run } = recordingRun<string>();
    const batcher = new MicroBatcher({ run, maxSize: 5, maxWaitMs: 200, weight: (item: string) => item.length });
    void batcher.submit('aa');
    void batcher.submit('bbbbbbb');
    await settle();
    expect(batches).toEqual([['aa'], ['bbbbbbb']]);
  });

  it('rejects exactly the callers of a failed batch', async () => {
    const { release, run } = recordingRun<number>();
    const batcher = new MicroBatcher({ run, maxSize: 2, maxWaitMs: 200 });
    const first = [batcher.submit(1), batcher.submit(2)];
    const second = [batcher.submit(3), batcher.submit(4)];
    await settle();
    release[0]!(new Error('statement failed'));
    release[1]!();
    for (const call of first) await expect(call).rejects.toThrow('statement failed');
    expect(await Promise.all(second)).toEqual(['done 3', 'done 4']);
  });

  it('with maxInFlight 1, gathers what arrives during a running batch into the next one', async () => {
    const { batches, release, run } = recordingRun<number>();
    const batcher = new MicroBatcher({ run, maxSize: 100, maxWaitMs: 0, maxInFlight: 1 });
    void batcher.submit(1);
    await settle();
    void batcher.submit(2);
    void batcher.submit(3);
    await settle();
    expect(batches).toEqual([[1]]);
    release[0]!();
    await settle();
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('splits a backlog larger than maxSize into several batches when room frees', async () => {
    const { batches, release, run } = recordingRun<number>();
    const batcher = new MicroBatcher({ run, maxSize: 2, maxWaitMs: 0, maxInFlight: 1 });
    void batcher.submit(1);
    await settle();
    for (const item of [2, 3, 4, 5, 6]) void batcher.submit(item);
    release[0]!();
    await settle();
    expect(batches).toEqual([[1], [2, 3]]);
    release[1]!();
    await settle();
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('rejects the batch when the run returns the wrong number of results', async () => {
    const batcher = new MicroBatcher<number, number>({ run: async () => [1], maxSize: 2, maxWaitMs: 0 });
    const calls = [batcher.submit(1), batcher.submit(2)];
    for (const call of calls) await expect(call).rejects.toThrow('batch of 2 returned 1 results');
  });

  it('refuses options that could never send a batch', () => {
    const run = async (items: number[]) => items;
    expect(() => new MicroBatcher({ run, maxSize: 0, maxWaitMs: 0 })).toThrow('maxSize');
    expect(() => new MicroBatcher({ run, maxSize: 1, maxWaitMs: -1 })).toThrow('maxWaitMs');
    expect(() => new MicroBatcher({ run, maxSize: 1, maxWaitMs: 0, maxInFlight: 0 })).toThrow('maxInFlight');
  });

  describe('when one item fails its shared batch', () => {
    const poisonous = async (items: number[]) => {
      if (items.includes(13)) throw new Error('13 cannot be stored');
      return items.map((item) => item * 2);
    };

    it('splits the batch until the bad item fails alone, and the others succeed, in order', async () => {
      const runs: number[][] = [];
      const batcher = new MicroBatcher<number, number>({
        run: (items) => (runs.push(items), poisonous(items)),
        maxSize: 8,
        maxWaitMs: 0,
        splitWhen: () => true,
      });
      const results = await Promise.allSettled([1, 2, 13, 4, 5].map((item) => batcher.submit(item)));
      expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([2, 4, 'failed', 8, 10]);
      expect(runs).toEqual([[1, 2, 13, 4, 5], [1, 2, 13], [1, 2], [13], [4, 5]]);
    });

    it('fails the whole batch without splitting when splitWhen says no (an outage)', async () => {
      const runs: number[][] = [];
      const batcher = new MicroBatcher<number, number>({
        run: (items) => (runs.push(items), poisonous(items)),
        maxSize: 8,
        maxWaitMs: 0,
        splitWhen: () => false,
      });
      const results = await Promise.allSettled([1, 13, 3].map((item) => batcher.submit(item)));
      expect(results.every((result) => result.status === 'rejected')).toBe(true);
      expect(runs).toEqual([[1, 13, 3]]);
    });
  });
});
