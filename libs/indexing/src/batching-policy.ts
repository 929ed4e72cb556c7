/** When the indexer flushes a bulk request. */
export interface BatchingPolicy {
  /** Flush when this many messages are waiting (keep it at or below the consumer prefetch). */
  maxBatch: number;
  /** ...or when the oldest waiting message has waited this long. */
  maxWaitMs: number;
}

export function defaultBatchingPolicy(overrides: Partial<BatchingPolicy> = {}): BatchingPolicy {
  return { maxBatch: 200, maxWaitMs: 50, ...overrides };
}
