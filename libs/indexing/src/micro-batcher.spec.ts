import { MicroBatcher } from './micro-batcher';

describe(MicroBatcher.name, () => {
  it('flushes a full batch at once and gives each caller its own result', async () => {
    const flushed: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => (flushed.push(items), items.map((n) => n * 10)), 3, 60_000);

    const results = await Promise.all([1, 2, 3].map((n) => batcher.add(n)));

    expect(results).toEqual([10, 20, 30]);
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after the wait', async () => {
    const batcher = new MicroBatcher<string, string>(async (items) => items.map((s) => s.toUpperCase()), 100, 5);

    await expect(batcher.add('a')).resolves.toBe('A');
  });

  it('rejects every caller of a failed flush', async () => {
    const batcher = new MicroBatcher<number, number>(() => Promise.reject(new Error('down')), 2, 60_000);

    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
