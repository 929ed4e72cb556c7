/** How long a worker holds a task without renewing it, and how often a task may be taken over. */
export interface TaskPolicy {
  /** A running task's lease; the worker renews it every third of it, and with every progress report. */
  leaseMs: number;
  /** Claims before a task whose workers keep dying is given up as FAILED. */
  maxAttempts: number;
}

export const defaultTaskPolicy = (overrides: Partial<TaskPolicy> = {}): TaskPolicy => ({
  leaseMs: 60_000,
  maxAttempts: 3,
  ...overrides,
});
