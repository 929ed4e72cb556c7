/** How often a failing message is tried again, and how long it waits in between. */
export interface RetryPolicy {
  /** Attempts before a message is parked: few for failures that will not pass by themselves. */
  maxAttempts(permanent: boolean): number;
  /** Wait before attempt `attempt + 1`. */
  delayMs(attempt: number): number;
}

/**
 * Transient failures (Elasticsearch away, overloaded) back off from 1 s to 15 s for up to about
 * ten minutes; a message that cannot be processed (poison, mapping error) is parked after 3 tries.
 */
export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxAttempts: (permanent) => (permanent ? 3 : 45),
    delayMs: (attempt) => Math.min(1_000 * 2 ** (attempt - 1), 15_000),
    ...overrides,
  };
}
