import { RmqContext, RmqOptions, ServerRMQ } from '@nestjs/microservices';
import { ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';

type RmqServerOptions = NonNullable<RmqOptions['options']>;

/**
 * Nest's RMQ server with a graceful close. Nest's own close drops the channel at once: commands
 * in flight lose their ack and reply, RabbitMQ redelivers them and their callers wait for a
 * timeout. Here close stops intake first (cancels the consumer), lets every command in flight
 * finish, ack and reply, and only then closes the channel, within `drainTimeoutMs`.
 */
export class DrainingServerRMQ extends ServerRMQ {
  private readonly inFlight = new Set<RmqContext>();
  private consumerChannel?: ConfirmChannel;
  private readonly tag: string;

  constructor(
    options: RmqServerOptions,
    private readonly drainTimeoutMs: number,
  ) {
    const tag = `${options.queue ?? 'rmq'}-${randomUUID()}`;
    super({ ...options, consumerTag: tag });
    this.tag = tag;
    this.setOnProcessingStartHook(async (_transport, context, done) => {
      this.inFlight.add(context as RmqContext);
      try {
        return await done();
      } catch (error) {
        this.inFlight.delete(context as RmqContext);
        throw error;
      }
    });
    // Called as the reply is handed to the channel, after the handler acked.
    this.setOnProcessingEndHook((_transport, context) => this.inFlight.delete(context as RmqContext));
  }

  /** amqp-connection-manager channels confirm by default: this is a confirm channel. */
  override async setupChannel(channel: ConfirmChannel, callback: () => void): Promise<void> {
    this.consumerChannel = channel;
    return super.setupChannel(channel, callback);
  }

  override async close(): Promise<void> {
    await this.consumerChannel?.cancel(this.tag).catch(() => undefined);
    const drained = await this.waitUntil(() => this.inFlight.size === 0 && (this.channel?.queueLength() ?? 0) === 0);
    if (!drained) this.logger.warn(`closing with ${this.inFlight.size} commands in flight after ${this.drainTimeoutMs} ms; RabbitMQ will redeliver them`);
    // Replies handed to the channel are not sent until the broker confirms them; closing earlier drops them.
    await this.consumerChannel?.waitForConfirms().catch(() => undefined);
    await super.close();
  }

  private async waitUntil(condition: () => boolean): Promise<boolean> {
    const deadline = Date.now() + this.drainTimeoutMs;
    // Let replies queued in this tick reach the channel before the first look.
    await new Promise((resolve) => setImmediate(resolve));
    while (!condition()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }
}
