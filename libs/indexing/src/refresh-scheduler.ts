/**
 * Makes new documents searchable sooner than the index's `refresh_interval` (1 s), whose wait
 * was most of commit → searchable: after a bulk write the index is refreshed, at most once per
 * `minIntervalMs` and one at a time, so the cost stays a few refreshes a second however many
 * writes arrive. A refresh asked for meanwhile runs when the interval is over, so the last write
 * of a burst waits at most that long. 0 leaves it to `refresh_interval` alone.
 */
export class RefreshScheduler {
  private lastStarted = 0;
  private timer?: NodeJS.Timeout;
  private running = false;
  private askedWhileRunning = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly minIntervalMs: number,
  ) {}

  /** Documents were written: refresh now, or as soon as the interval allows. */
  request(): void {
    if (this.minIntervalMs <= 0 || this.timer) return;
    if (this.running) {
      this.askedWhileRunning = true;
      return;
    }
    this.timer = setTimeout(() => this.run(), Math.max(0, this.lastStarted + this.minIntervalMs - Date.now()));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    this.running = true;
    this.lastStarted = Date.now();
    // A failed refresh is not worth a retry: the index's own interval refreshes anyway.
    void this.refresh()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        if (this.askedWhileRunning) {
          this.askedWhileRunning = false;
          this.request();
        }
      });
  }
}
