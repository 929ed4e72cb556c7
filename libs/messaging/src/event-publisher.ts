import { EventEnvelope } from '@jobstream/contracts';
import { ChannelWrapper } from 'amqp-connection-manager';
import { ConfirmChannel } from 'amqplib';
import { BrokerConnection } from './broker-connection';
import { encodeEvent } from './event-codec';
import { assertEventsExchange, routingKeyOf } from './event-topology';

/**
 * Publishes persistent events on a confirm channel; `publish` resolves once RabbitMQ has taken
 * responsibility for the message, and rejects after `publishTimeoutMs` (broker gone, say).
 */
export class EventPublisher {
  private readonly channel: ChannelWrapper;

  constructor(
    connection: BrokerConnection,
    private readonly exchange: string,
    publishTimeoutMs = 10_000,
  ) {
    this.channel = connection.manager.createChannel({
      name: 'event-publisher',
      confirm: true,
      publishTimeout: publishTimeoutMs,
      setup: (channel: ConfirmChannel) => assertEventsExchange(channel, exchange),
    });
  }

  async publish(event: EventEnvelope): Promise<void> {
    const { content, options } = encodeEvent(event);
    await this.channel.publish(this.exchange, routingKeyOf(event.type), content, options);
  }

  close(): Promise<void> {
    return this.channel.close();
  }
}
