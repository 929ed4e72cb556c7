import { Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { ConsumerMetrics, SettlementKind } from './consumer-metrics';
import { assertBoundQueue, deadLetterQueueOf, QueueBinding, retryQueueOf } from './event-topology';
import { defaultRetryPolicy, RetryPolicy } from './retry-policy';

/** What the handler decided for one message. */
export type Settlement = { kind: 'ack' } | { kind: 'retry'; reason: string; permanent: boolean };
export const ACK: Settlement = { kind: 'ack' };

/** Headers a retried or parked message carries. */
export const ATTEMPTS_HEADER = 'x-attempts';
export const REASON_HEADER = 'x-reason';

export interface ConsumerOptions extends QueueBinding {
  /** Unacknowledged messages the broker may hand us at once: bounds memory and batch size. */
  prefetch: number;
  retry?: RetryPolicy;
}

/**
 * Consumes with manual acknowledgements: a message is settled only by what the handler returns,
 * never before it ran. A retry goes to the retry queue (a TTL back-off, so the queue keeps
 * flowing), a message out of attempts to the parking queue with its reason; either way the
 * original is acked only once the broker confirmed the copy. Stopping cancels delivery first,
 * then waits for the handlers in flight.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly channel: ChannelWrapper;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly retry: RetryPolicy;

  constructor(
    connection: BrokerConnection,
    private readonly options: ConsumerOptions,
    private readonly metrics: ConsumerMetrics,
  ) {
    this.retry = options.retry ?? defaultRetryPolicy();
    this.channel = connection.manager.createChannel({
      name: `consumer:${options.queue}`,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await assertBoundQueue(channel, options);
        await channel.prefetch(options.prefetch);
      },
    });
  }

  async start(handler: (message: ConsumeMessage) => Promise<Settlement>): Promise<void> {
    await this.channel.consume(this.options.queue, (message) => this.track(message, handler), {
      noAck: false,
      prefetch: this.options.prefetch,
    });
  }

  async stop(): Promise<void> {
    await this.channel.cancelAll();
    await Promise.allSettled([...this.inFlight]);
    await this.channel.close();
  }

  private track(message: ConsumeMessage, handler: (message: ConsumeMessage) => Promise<Settlement>): void {
    const work = handler(message)
      .catch((error): Settlement => ({ kind: 'retry', reason: `handler failed: ${String(error)}`, permanent: false }))
      .then((settlement) => this.settle(message, settlement))
      .catch((error) => {
        // The copy was not confirmed: hand the original back rather than lose it.
        this.logger.warn(`could not settle a message, requeueing it: ${String(error)}`);
        this.channel.nack(message, false, true);
        this.count('requeued');
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async settle(message: ConsumeMessage, settlement: Settlement): Promise<void> {
    let kind: SettlementKind = 'acked';
    if (settlement.kind === 'retry') {
      const headers = message.properties.headers ?? {};
      const attempts = Number(headers[ATTEMPTS_HEADER] ?? 0) + 1;
      const park = attempts >= this.retry.maxAttempts(settlement.permanent);
      const options = {
        ...message.properties,
        persistent: true,
        headers: { ...headers, [ATTEMPTS_HEADER]: attempts, [REASON_HEADER]: settlement.reason.slice(0, 1_000) },
        ...(park ? {} : { expiration: String(this.retry.delayMs(attempts)) }),
      };
      if (park) this.logger.error(`parking a message after ${attempts} attempts: ${settlement.reason}`);
      const queue = park ? deadLetterQueueOf(this.options.queue) : retryQueueOf(this.options.queue);
      await this.channel.sendToQueue(queue, message.content, options);
      kind = park ? 'dead_lettered' : 'retried';
    }
    this.channel.ack(message);
    this.count(kind);
  }

  private count(settlement: SettlementKind): void {
    this.metrics.settled.inc({ queue: this.options.queue, settlement });
  }
}
