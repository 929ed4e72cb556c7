/**
 * Runs `task` until it succeeds, `intervalMs` apart, reporting each failure; gives up (false)
 * once `stopped()` says so. For start-up steps that need a dependency which may be down.
 */
export async function untilSucceeds(
  task: () => Promise<void>,
  { intervalMs, stopped, onFailure }: { intervalMs: number; stopped: () => boolean; onFailure: (error: unknown, attempt: number) => void },
): Promise<boolean> {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      await task();
      return true;
    } catch (error) {
      onFailure(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  return false;
}
