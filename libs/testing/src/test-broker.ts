import { EventEnvelope } from '@jobstream/contracts';
import { encodeEvent } from '@jobstream/messaging';
import { ChannelModel, connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Puts messages straight onto a queue, bypassing the relay, and reads queue depths. */
export class TestBroker {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly vhost: string,
  ) {}

  static async connect(url: string, vhost: string): Promise<TestBroker> {
    return new TestBroker(await connect(url), vhost);
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

  /** Ready plus unacknowledged messages: 0 means every message was settled. */
  async depth(queue: string): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['list_queues', '-q', '--no-table-headers', '-p', this.vhost, 'name', 'messages']);
    const line = stdout.split('\n').find((l) => l.split('\t')[0] === queue);
    return line ? Number(line.split('\t')[1]) : 0;
  }

  async get(queue: string): Promise<{ content: Buffer; headers: Record<string, unknown> } | null> {
    const channel = await this.connection.createChannel();
    const message = await channel.get(queue, { noAck: true });
    await channel.close();
    return message ? { content: message.content, headers: message.properties.headers ?? {} } : null;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
