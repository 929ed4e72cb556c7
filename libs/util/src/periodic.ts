/**
 * Runs `task` every `intervalMs` (never when it is 0), one run at a time: a tick that finds the
 * previous run still going is skipped. `stop` waits for the run in progress. The task handles
 * its own failures.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs > 0) this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    this.running ??= this.task().finally(() => (this.running = undefined));
  }
}
