/**
 * Groups items that arrive one by one into batches, flushed at `maxBatch` items or after
 * `maxWaitMs`, whichever comes first. Each `add` resolves with its own item's result.
 */
export class MicroBatcher<T, R> {
  private waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<R[]>,
    private readonly maxBatch: number,
    private readonly maxWaitMs: number,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.flushBatch(batch.map((entry) => entry.item)).then(
      (results) => batch.forEach((entry, i) => entry.resolve(results[i])),
      (error) => batch.forEach((entry) => entry.reject(error)),
    );
  }
}
