import { EventEnvelope } from '@jobstream/contracts';
import { Logger } from '@nestjs/common';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxStore } from './outbox.store';
import { RelayMetrics } from './relay-metrics';
import { RelayPolicy } from './relay-policy';

/**
 * Moves committed outbox rows to the broker, at least once: a row is marked published only
 * after the broker confirmed it, so a crash in between re-sends it after the lease ends.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private pendingWake = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: OutboxPublisher,
    private readonly policy: RelayPolicy,
    private readonly metrics: RelayMetrics,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops claiming; the batch in flight is published and marked before this resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.running;
  }

  /** Called on LISTEN notifications: start the next round now instead of at the next poll. */
  notify(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  /** One claim → publish → mark round; returns how many rows it claimed. */
  async relayOnce(): Promise<number> {
    const claimed = await this.store.claim(this.policy.batchSize, this.policy.leaseMs);
    if (claimed.length === 0) return 0;
    const outcomes = await Promise.allSettled(claimed.map(({ event }) => this.publish(event)));
    const published = claimed.filter((_, i) => outcomes[i].status === 'fulfilled');
    const failed = claimed.filter((_, i) => outcomes[i].status === 'rejected').map((row) => row.seq);
    await this.store.markPublished(published.map((row) => row.seq));
    published.forEach(({ event }) => {
      this.metrics.published.inc({ event_type: event.type });
      this.logPublished(event);
    });
    if (failed.length > 0) {
      this.metrics.failed.inc(failed.length);
      const reason = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason;
      await this.store.release(failed, String(reason));
      throw new Error(`${failed.length} of ${claimed.length} events were not confirmed: ${String(reason)}`);
    }
    return claimed.length;
  }

  private async publish(event: EventEnvelope): Promise<void> {
    const confirmed = this.metrics.confirmSeconds.startTimer();
    await this.publisher.publish(event);
    confirmed();
  }

  /** One line per event, so a job can be followed by its id or its request's correlation id. */
  private logPublished({ type, aggregateId, aggregateVersion, eventId, correlationId }: EventEnvelope): void {
    this.logger.log({ msg: 'event published', eventType: type, aggregateId, version: aggregateVersion, eventId, correlationId });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.pendingWake = false;
      try {
        const claimed = await this.relayOnce();
        failures = 0;
        if (claimed === this.policy.batchSize) continue;
        await this.sleep(this.policy.pollIntervalMs);
      } catch (error) {
        failures += 1;
        this.logger.warn(`relay round failed (${failures} in a row): ${String(error)}`);
        await this.sleep(this.policy.backoffMs(failures), false);
      }
    }
  }

  /** Waits `ms`; a notification cuts a wakeable wait short, a stop cuts any wait short. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    if (this.stopping || (wakeable && this.pendingWake)) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = () => (wakeable || this.stopping) && finish();
    });
  }
}
