/** How often a failing message is tried again, and how long it waits in between. */
export interface RetryPolicy {
  /** Attempts before a message is parked: few for failures that will not pass by themselves. */
  maxAttempts(permanent: boolean): number;
  /**
   * Every wait `delayMs` can answer, shortest first. Each has a retry queue of its own with that
   * TTL: RabbitMQ expires only the head of a queue, so in one shared queue a short wait would be
   * held behind a longer one.
   */
  readonly delayLevelsMs: readonly number[];
  /** Wait before attempt `attempt + 1`: one of `delayLevelsMs`. */
  delayMs(attempt: number): number;
}

export interface RetryPolicyOptions {
  /** Default 1, 2, 4, 8 and 15 s. */
  delayLevelsMs?: readonly number[];
  /** Default 3 attempts for permanent failures, 45 (about ten minutes) for transient ones. */
  maxAttempts?: RetryPolicy['maxAttempts'];
}

/**
 * Attempt n waits the n-th delay level, the last one from then on: transient failures
 * (Elasticsearch away, overloaded) back off from 1 s to 15 s for about ten minutes; a message
 * that cannot be processed (poison, mapping error) is parked after 3 tries.
 */
export function defaultRetryPolicy({
  delayLevelsMs = [1_000, 2_000, 4_000, 8_000, 15_000],
  maxAttempts = (permanent) => (permanent ? 3 : 45),
}: RetryPolicyOptions = {}): RetryPolicy {
  return {
    maxAttempts,
    delayLevelsMs,
    delayMs: (attempt) => delayLevelsMs[Math.min(attempt, delayLevelsMs.length) - 1],
  };
}

/**
 * Throws unless every wait the policy can ask for is one of its levels: a retry copy sent to a
 * level that has no queue would be dropped by the broker.
 */
export function assertDelayLevels(policy: RetryPolicy): void {
  const attempts = Math.max(policy.maxAttempts(true), policy.maxAttempts(false));
  for (let attempt = 1; attempt < attempts; attempt++) {
    const delay = policy.delayMs(attempt);
    if (!policy.delayLevelsMs.includes(delay)) {
      throw new Error(`retry policy: delayMs(${attempt}) is ${delay}, not one of its levels (${policy.delayLevelsMs.join(', ')} ms)`);
    }
  }
}
