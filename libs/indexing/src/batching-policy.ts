/** When the indexer flushes, and how long it waits before handing back work that failed. */
export interface BatchingPolicy {
  /** Flush when this many messages are waiting (keep it at or below the consumer prefetch). */
  maxBatch: number;
  /** ...or when the oldest waiting message has waited this long. */
  maxWaitMs: number;
  /** Pause before requeueing after a failed flush, by consecutive failures. */
  retryDelayMs(failures: number): number;
}

export function defaultBatchingPolicy(overrides: Partial<BatchingPolicy> = {}): BatchingPolicy {
  return {
    maxBatch: 200,
    maxWaitMs: 50,
    retryDelayMs: (failures) => Math.min(200 * 2 ** Math.min(failures, 8), 5_000),
    ...overrides,
  };
}
