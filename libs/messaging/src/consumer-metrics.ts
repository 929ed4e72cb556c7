import { Counter, Registry } from 'prom-client';

/** How a consumed message was settled. */
export type SettlementKind = 'acked' | 'retried' | 'dead_lettered' | 'requeued';

/** Every consumer's settlements by queue: consume rate, retries and parked messages in one family. */
export class ConsumerMetrics {
  readonly settled: Counter<'queue' | 'settlement'>;

  constructor(registry: Registry) {
    this.settled = new Counter({
      name: 'jobstream_consumer_messages_total',
      help: 'Consumed messages by queue and settlement: acked, retried (back-off queue), dead_lettered (parked), requeued',
      labelNames: ['queue', 'settlement'],
      registers: [registry],
    });
  }
}
