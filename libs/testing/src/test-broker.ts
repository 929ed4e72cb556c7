import { EventEnvelope } from '@jobstream/contracts';
import { encodeEvent } from '@jobstream/messaging';
import { ChannelModel, connect } from 'amqplib';

/** Puts messages straight onto a queue, bypassing the relay, and reads queue depths. */
export class TestBroker {
  private constructor(private readonly connection: ChannelModel) {}

  static async connect(url: string): Promise<TestBroker> {
    return new TestBroker(await connect(url));
  }

  async sendEvents(queue: string, events: EventEnvelope[]): Promise<void> {
    await this.sendRaw(queue, events.map((event) => encodeEvent(event)));
  }

  async sendRaw(queue: string, messages: { content: Buffer; options?: object }[]): Promise<void> {
    const channel = await this.connection.createConfirmChannel();
    for (const { content, options } of messages) channel.sendToQueue(queue, content, { persistent: true, ...options });
    await channel.waitForConfirms();
    await channel.close();
  }

  /**
   * Messages ready in a queue, from the queue itself (a passive declare): exact at once, where
   * the management statistics of quorum queues lag by seconds. Rejects while the queue does not
   * exist (yet).
   */
  async ready(queue: string): Promise<number> {
    const channel = await this.connection.createChannel();
    // A missing queue closes the channel: the rejection reports it, the event must not crash the run.
    channel.on('error', () => undefined);
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
