import { describe, expect, it } from 'vitest';
import { microBatch } from './micro-batch.ts';

describe('microBatch', () => {
  it('runs callers of the same turn together, each getting its own result', async () => {
    const batches: number[][] = [];
    const b = microBatch<number, number>({ maxItems: 100, run: async (xs) => (batches.push(xs), xs.map((x) => x * 10)) });
    const results = await Promise.all([1, 2, 3].map((x) => b.push(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await b.push(4)).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('never puts more than maxItems in one batch', async () => {
    const sizes: number[] = [];
    const b = microBatch<number, number>({ maxItems: 4, run: async (xs) => (sizes.push(xs.length), xs) });
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => b.push(i)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('a shared failure fails every caller of the batch', async () => {
    const b = microBatch<number, number>({
      maxItems: 10,
      run: async () => Promise.reject(new Error('connection refused')),
      isolateFailures: () => false,
    });
    const settled = await Promise.allSettled([b.push(1), b.push(2)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('a failure of one item is isolated: its neighbours succeed', async () => {
    const b = microBatch<number, number>({
      maxItems: 10,
      run: async (xs) => {
        if (xs.includes(13)) throw new Error('bad row');
        return xs;
      },
      isolateFailures: (err) => (err as Error).message === 'bad row',
    });
    const settled = await Promise.allSettled([b.push(1), b.push(13), b.push(3)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('a batch that returns the wrong number of results fails rather than mismatching answers', async () => {
    const b = microBatch<number, number>({ maxItems: 10, run: async (xs) => xs.slice(1) });
    await expect(Promise.all([b.push(1), b.push(2)])).rejects.toThrow(/2 items/);
  });
});
