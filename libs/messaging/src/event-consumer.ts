import { Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { ConsumerMetrics, SettlementKind } from './consumer-metrics';
import { assertBoundQueue, deadLetterQueueOf, QueueBinding, retryQueueOf } from './event-topology';
import { assertDelayLevels, defaultRetryPolicy, RetryPolicy } from './retry-policy';

/** What the handler decided for one message. */
export type Settlement = { kind: 'ack' } | { kind: 'retry'; reason: string; permanent: boolean };
export const ACK: Settlement = { kind: 'ack' };

/** Headers a retried or parked message carries. */
export const ATTEMPTS_HEADER = 'x-attempts';
export const REASON_HEADER = 'x-reason';

/**
 * The publish options of a message's copy on a retry or parking queue: its properties and headers
 * as they came (the indexer tells heartbeats apart by `type`; a parked command keeps its reply-to
 * and correlation id), with its attempts and the reason. Persistent, and without a per-message
 * expiration, which would drop a parked copy.
 */
export function settledCopyOptions(message: ConsumeMessage, attempts: number, reason: string): Options.Publish {
  const { expiration: _expiration, ...properties } = message.properties;
  return {
    ...properties,
    persistent: true,
    headers: { ...properties.headers, [ATTEMPTS_HEADER]: attempts, [REASON_HEADER]: reason.slice(0, 1_000) },
  };
}

export interface ConsumerOptions extends QueueBinding {
  /** Unacknowledged messages the broker may hand us at once: bounds memory and batch size. */
  prefetch: number;
  retry?: RetryPolicy;
}

/**
 * Consumes with manual acknowledgements: a message is settled only by what the handler returns,
 * never before it ran. A retry goes to the retry queue of its back-off level (so the queue keeps
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
    assertDelayLevels(this.retry);
    this.channel = connection.manager.createChannel({
      name: `consumer:${options.queue}`,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await assertBoundQueue(channel, options, this.retry.delayLevelsMs);
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
      const attempts = Number(message.properties.headers?.[ATTEMPTS_HEADER] ?? 0) + 1;
      const park = attempts >= this.retry.maxAttempts(settlement.permanent);
      if (park) this.logger.error(`parking a message after ${attempts} attempts: ${settlement.reason}`);
      const queue = park ? deadLetterQueueOf(this.options.queue) : retryQueueOf(this.options.queue, this.retry.delayMs(attempts));
      await this.channel.sendToQueue(queue, message.content, settledCopyOptions(message, attempts, settlement.reason));
      kind = park ? 'dead_lettered' : 'retried';
    }
    this.channel.ack(message);
    this.count(kind);
  }

  private count(settlement: SettlementKind): void {
    this.metrics.settled.inc({ queue: this.options.queue, settlement });
  }
}
