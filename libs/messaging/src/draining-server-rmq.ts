import { JobstreamError } from '@jobstream/domain';
import { RmqContext, RmqOptions, ServerRMQ } from '@nestjs/microservices';
import { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ConsumerMetrics } from './consumer-metrics';
import { settledCopyOptions } from './event-consumer';
import { assertDeadLetterQueue, deadLetterQueueOf } from './event-topology';

type RmqServerOptions = NonNullable<RmqOptions['options']>;

/** Why a command can reach no handler, and the part of it that is wrong. */
interface Poison {
  field: 'body' | 'pattern';
  reason: string;
}

/**
 * Nest's RMQ server with a graceful close and parked poison commands.
 *
 * Nest's own close drops the channel at once: commands in flight lose their ack and reply,
 * RabbitMQ redelivers them and their callers wait for a timeout. Here close stops intake first
 * (cancels the consumer), lets every command in flight finish, ack and reply, and only then
 * closes the channel, within `drainTimeoutMs`.
 *
 * Nest nacks a command that is not JSON or names no pattern it handles, and RabbitMQ drops it.
 * Here such a command is copied to `<queue>.dead` with its reason (see DeadLetters), and acked
 * only once the broker confirmed the copy; it is counted as `dead_lettered`, and a caller that
 * gave a reply-to is answered with a VALIDATION error rather than left to time out. The copy is
 * published straight to that queue: a dead-letter exchange would be a queue argument, and every
 * caller declares the command queue with the arguments it has now.
 */
export class DrainingServerRMQ extends ServerRMQ {
  /** Commands being handled or parked: what close waits for. */
  private readonly inFlight = new Set<unknown>();
  private consumerChannel?: ConfirmChannel;
  private readonly tag: string;

  constructor(
    options: RmqServerOptions,
    private readonly drainTimeoutMs: number,
    private readonly metrics: ConsumerMetrics,
  ) {
    const tag = `${options.queue ?? 'rmq'}-${randomUUID()}`;
    super({ ...options, consumerTag: tag });
    this.tag = tag;
    this.setOnProcessingStartHook(async (_transport, context, done) => {
      this.inFlight.add(context);
      try {
        return await done();
      } catch (error) {
        this.inFlight.delete(context);
        throw error;
      }
    });
    // Called as the reply is handed to the channel, after the handler acked.
    this.setOnProcessingEndHook((_transport, context) => this.inFlight.delete(context));
  }

  /** amqp-connection-manager channels confirm by default: this is a confirm channel. */
  override async setupChannel(channel: ConfirmChannel, callback: () => void): Promise<void> {
    this.consumerChannel = channel;
    await assertDeadLetterQueue(channel, this.queue);
    // Nest starts the consumer without awaiting it: a connection lost at that moment rejected
    // with "channel closed" unhandled and crashed the job-writer. The connection manager runs
    // this setup again on the next channel, so the rejection only needs handling.
    const consume = channel.consume.bind(channel);
    channel.consume = (...args: Parameters<Channel['consume']>) => {
      const consuming = consume(...args);
      consuming.catch((error: unknown) => this.logger.warn(`consumer not started, will be on reconnect: ${String(error)}`));
      return consuming;
    };
    return super.setupChannel(channel, callback);
  }

  override async handleMessage(message: Record<string, any>, channel: Channel): Promise<void> {
    // amqplib's delivery, which Nest types loosely; null when the broker cancelled the consumer.
    const delivery = message as ConsumeMessage | null;
    const poison = delivery && (await this.poisonOf(delivery));
    if (!poison) return super.handleMessage(message, channel);
    this.inFlight.add(delivery);
    try {
      await this.park(delivery, channel, poison);
    } finally {
      this.inFlight.delete(delivery);
    }
  }

  override async close(): Promise<void> {
    await this.consumerChannel?.cancel(this.tag).catch(() => undefined);
    const drained = await this.waitUntil(() => this.inFlight.size === 0 && (this.channel?.queueLength() ?? 0) === 0);
    if (!drained) this.logger.warn(`closing with ${this.inFlight.size} commands in flight after ${this.drainTimeoutMs} ms; RabbitMQ will redeliver them`);
    // Replies handed to the channel are not sent until the broker confirms them; closing earlier drops them.
    await this.consumerChannel?.waitForConfirms().catch(() => undefined);
    await super.close();
  }

  /** Reads the message as Nest's handleMessage does, but strictly: a body that is not JSON is poison. */
  private async poisonOf(message: ConsumeMessage): Promise<Poison | undefined> {
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch (error) {
      return { field: 'body', reason: `undecodable: ${(error as Error).message}` };
    }
    const { pattern } = await this.deserializer.deserialize(body, message.properties);
    if (pattern === undefined || pattern === null) return { field: 'pattern', reason: 'no pattern' };
    const name = this.getPatternAsString(pattern);
    return this.getHandlerByPattern(name) ? undefined : { field: 'pattern', reason: `unknown pattern: ${name}` };
  }

  private async park(message: ConsumeMessage, channel: Channel, { field, reason }: Poison): Promise<void> {
    const dead = deadLetterQueueOf(this.queue);
    try {
      // The wrapper's publish resolves on the broker's confirm.
      await this.channel.sendToQueue(dead, message.content, settledCopyOptions(message, 1, reason));
    } catch (error) {
      this.logger.warn(`could not park a command, requeueing it: ${String(error)}`);
      channel.nack(message, false, true);
      return;
    }
    channel.ack(message);
    this.metrics.settled.inc({ queue: this.queue, settlement: 'dead_lettered' });
    this.logger.warn(`parked a command in ${dead}: ${reason}`);
    const { replyTo, correlationId } = message.properties;
    if (replyTo) {
      const error = JobstreamError.invalid(field, reason);
      const err = { code: error.code, message: error.message, details: error.details };
      this.sendMessage({ err, isDisposed: true }, replyTo, correlationId, new RmqContext([message, channel, '']));
    }
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
