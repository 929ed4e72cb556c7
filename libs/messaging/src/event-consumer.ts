import { Logger } from '@nestjs/common';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { assertBoundQueue, QueueBinding } from './event-topology';

/** What the handler decided for one message. */
export type Settlement = 'ack' | 'requeue' | 'reject';

export interface ConsumerOptions extends QueueBinding {
  /** Unacknowledged messages the broker may hand us at once: bounds memory and batch size. */
  prefetch: number;
}

/**
 * Consumes with manual acknowledgements: a message is settled only by what the handler returns,
 * never before it ran. Stopping cancels delivery first, then waits for the handlers in flight.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly channel: ChannelWrapper;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    connection: BrokerConnection,
    private readonly options: ConsumerOptions,
  ) {
    this.channel = connection.manager.createChannel({
      name: `consumer:${options.queue}`,
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
      .then((settlement) => this.settle(message, settlement))
      .catch((error) => {
        // The handler owns its failure modes; anything escaping it is retried, never dropped.
        this.logger.error(`handler failed, requeueing: ${String(error)}`);
        this.settle(message, 'requeue');
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private settle(message: ConsumeMessage, settlement: Settlement): void {
    if (settlement === 'ack') this.channel.ack(message);
    else this.channel.nack(message, false, settlement === 'requeue');
  }
}
