import { EventEnvelope } from '@jobstream/contracts';
import { AmqpConnectionManager, ChannelWrapper, connect } from 'amqp-connection-manager';
import { ConfirmChannel } from 'amqplib';
import { uniqueName } from './unique-name';

/**
 * A test's own durable queue bound to every event on the exchange: records what the broker
 * really delivered, and keeps recording across a broker restart.
 */
export class EventTap {
  readonly received: EventEnvelope[] = [];
  private constructor(
    private readonly connection: AmqpConnectionManager,
    private readonly channel: ChannelWrapper,
  ) {}

  static async start(url: string, exchange: string): Promise<EventTap> {
    const queue = uniqueName('tap');
    const connection = connect([url], { reconnectTimeInSeconds: 0.5 });
    const channel = connection.createChannel({
      setup: async (ch: ConfirmChannel) => {
        await ch.assertExchange(exchange, 'topic', { durable: true });
        await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
        await ch.bindQueue(queue, exchange, '#');
      },
    });
    const tap = new EventTap(connection, channel);
    await channel.consume(queue, (message) => {
      tap.received.push(JSON.parse(message.content.toString()));
      channel.ack(message);
    });
    return tap;
  }

  /** Event ids seen, each once. */
  distinctIds(): Set<string> {
    return new Set(this.received.map((event) => event.eventId));
  }

  async close(): Promise<void> {
    await this.channel.close();
    await this.connection.close();
  }
}
