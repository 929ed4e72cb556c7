/** How the relay paces itself; defaults suit one relay next to a local broker. */
export interface RelayPolicy {
  /** Rows claimed per round trip. */
  batchSize: number;
  /** How long a claim is exclusive; must outlast a publish, or another relay re-sends. */
  leaseMs: number;
  /** Safety-net poll when no notification arrives (a lost LISTEN connection, say). */
  pollIntervalMs: number;
  /** Wait before retrying after a failed round, by consecutive failures. */
  backoffMs(failures: number): number;
}

export function defaultRelayPolicy(overrides: Partial<RelayPolicy> = {}): RelayPolicy {
  return {
    batchSize: 500,
    leaseMs: 30_000,
    pollIntervalMs: 1_000,
    backoffMs: (failures) => Math.min(100 * 2 ** Math.min(failures, 10), 5_000),
    ...overrides,
  };
}
