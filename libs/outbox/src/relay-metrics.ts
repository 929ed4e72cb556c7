import { coalesced } from '@jobstream/util';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What is waiting in the outbox, read when Prometheus scrapes. */
export interface OutboxBacklog {
  rows: number;
  /** Age of the oldest unpublished row; 0 when there is none. */
  oldestAgeSeconds: number;
}

/**
 * The relay's instruments: publish rate and confirm latency as it works, backlog and the age of
 * the oldest unpublished row from PostgreSQL at each scrape, so a stuck relay shows a growing age
 * even though it records nothing.
 */
export class RelayMetrics {
  readonly published: Counter<'event_type'>;
  readonly failed: Counter;
  readonly confirmSeconds: Histogram;

  constructor(registry: Registry, backlog: () => Promise<OutboxBacklog>) {
    this.published = new Counter({
      name: 'jobstream_outbox_published_total',
      help: 'Outbox events confirmed by RabbitMQ and marked published, by event type',
      labelNames: ['event_type'],
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'jobstream_outbox_publish_failures_total',
      help: 'Outbox events RabbitMQ did not confirm (released for another attempt)',
      registers: [registry],
    });
    this.confirmSeconds = new Histogram({
      name: 'jobstream_outbox_confirm_seconds',
      help: 'From publish to the broker confirm, per event',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    });
    // Prometheus collects the gauges of a scrape together: they share one query.
    const read = coalesced(backlog);
    new Gauge({
      name: 'jobstream_outbox_backlog',
      help: 'Outbox rows committed but not yet published',
      registers: [registry],
      async collect() {
        this.set((await read()).rows);
      },
    });
    new Gauge({
      name: 'jobstream_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none)',
      registers: [registry],
      async collect() {
        this.set((await read()).oldestAgeSeconds);
      },
    });
  }
}
