import { ChannelModel, connect } from 'amqplib';
import { ATTEMPTS_HEADER, REASON_HEADER } from './event-consumer';
import { deadLetterQueueOf } from './event-topology';

export interface DeadLetter {
  messageId?: string;
  type?: string;
  attempts: number;
  reason: string;
  body: string;
}

/** Operators' view of a queue's parked messages: list them, and replay them onto the queue. */
export class DeadLetters {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly queue: string,
  ) {}

  static async open(url: string, queue: string): Promise<DeadLetters> {
    return new DeadLetters(await connect(url), queue);
  }

  /**
   * How many messages each queue has parked, over one connection; null for a queue the broker
   * could not answer for (not declared yet: its passive check closes only its own channel).
   */
  static async counts(url: string, queues: string[]): Promise<(number | null)[]> {
    const connection = await connect(url);
    try {
      return await Promise.all(
        queues.map(async (queue) => {
          const channel = await connection.createChannel();
          channel.on('error', () => undefined);
          try {
            return (await channel.checkQueue(deadLetterQueueOf(queue))).messageCount;
          } catch {
            return null;
          } finally {
            await channel.close().catch(() => undefined);
          }
        }),
      );
    } finally {
      await connection.close();
    }
  }

  /** Up to `limit` parked messages, left in place (unacknowledged reads, returned on close). */
  async list(limit = 100): Promise<DeadLetter[]> {
    const channel = await this.connection.createChannel();
    const letters: DeadLetter[] = [];
    try {
      for (let message; letters.length < limit && (message = await channel.get(deadLetterQueueOf(this.queue))); ) {
        const headers = message.properties.headers ?? {};
        letters.push({
          messageId: message.properties.messageId,
          type: message.properties.type,
          attempts: Number(headers[ATTEMPTS_HEADER] ?? 0),
          reason: String(headers[REASON_HEADER] ?? (headers['x-first-death-reason'] || 'unknown')),
          body: message.content.toString('utf8').slice(0, 500),
        });
      }
    } finally {
      await channel.close();
    }
    return letters;
  }

  /**
   * Moves up to `limit` parked messages back onto the queue with a fresh attempt count: at most
   * those parked when it began, since a consumer may park a replayed message again at once.
   */
  async replay(limit = Number.MAX_SAFE_INTEGER): Promise<number> {
    const channel = await this.connection.createConfirmChannel();
    let replayed = 0;
    try {
      const { messageCount } = await channel.checkQueue(deadLetterQueueOf(this.queue));
      for (let message; replayed < Math.min(limit, messageCount) && (message = await channel.get(deadLetterQueueOf(this.queue))); replayed++) {
        const { [ATTEMPTS_HEADER]: _attempts, [REASON_HEADER]: _reason, 'x-death': _death, ...headers } = message.properties.headers ?? {};
        channel.sendToQueue(this.queue, message.content, { ...message.properties, headers, persistent: true });
        await channel.waitForConfirms();
        channel.ack(message);
      }
    } finally {
      await channel.close();
    }
    return replayed;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
