import { EventEnvelope } from '@jobstream/contracts';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { encodeEvent } from './event-codec';
import { assertEventsExchange, routingKeyOf } from './event-topology';

/** RabbitMQ took the message but no queue was bound for it: nobody would ever receive it. */
export class UnroutableEventError extends Error {}

/**
 * Publishes persistent events on a confirm channel; `publish` resolves once RabbitMQ has taken
 * responsibility for the message, and rejects after `publishTimeoutMs` (broker gone, say).
 *
 * Messages are mandatory: a confirm alone also comes for a message that no queue took (the
 * indexer of a new deployment not started yet, say), which would be lost. RabbitMQ returns such a
 * message before confirming it, and `publish` then rejects, so the relay keeps the row and tries
 * again.
 */
export class EventPublisher {
  private readonly channel: ChannelWrapper;
  private readonly returned = new Set<string>();

  constructor(
    connection: BrokerConnection,
    private readonly exchange: string,
    publishTimeoutMs = 10_000,
  ) {
    this.channel = connection.manager.createChannel({
      name: 'event-publisher',
      confirm: true,
      publishTimeout: publishTimeoutMs,
      setup: async (channel: ConfirmChannel) => {
        channel.on('return', (message: ConsumeMessage) => this.returned.add(String(message.properties.messageId)));
        await assertEventsExchange(channel, exchange);
      },
    });
  }

  async publish(event: EventEnvelope): Promise<void> {
    const { content, options } = encodeEvent(event);
    await this.channel.publish(this.exchange, routingKeyOf(event.type), content, { ...options, mandatory: true });
    if (this.returned.delete(event.eventId)) {
      throw new UnroutableEventError(`no queue is bound for ${event.type} on ${this.exchange}: event ${event.eventId} was returned`);
    }
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
