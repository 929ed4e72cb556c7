import { JobstreamError } from '@jobstream/domain';
import { DeadLetter, DeadLetters } from '@jobstream/messaging';

/** The queues whose parked messages operators see and replay (DEAD_LETTER_QUEUES), and nothing else. */
export class DeadLetterQueues {
  constructor(
    private readonly amqpUrl: string,
    readonly names: string[],
  ) {}

  /** Parked messages per queue; `messages` null when the broker could not be asked. */
  async counts(): Promise<{ queue: string; messages: number | null }[]> {
    const counts = await DeadLetters.counts(this.amqpUrl, this.names).catch(() => this.names.map(() => null));
    return this.names.map((queue, i) => ({ queue, messages: counts[i] }));
  }

  /** Up to `limit` (1–500) parked messages of a queue, with why each was parked; they stay parked. */
  list(queue: string, limit: number): Promise<DeadLetter[]> {
    return this.with(queue, (letters) => letters.list(Math.min(Math.max(limit, 1), 500)));
  }

  /** Moves the messages parked when it starts back onto the queue. */
  replay(queue: string): Promise<number> {
    return this.with(queue, (letters) => letters.replay());
  }

  private async with<T>(queue: string, use: (letters: DeadLetters) => Promise<T>): Promise<T> {
    if (!this.names.includes(queue)) throw JobstreamError.notFound('dead-letter queue', queue);
    const letters = await DeadLetters.open(this.amqpUrl, queue);
    try {
      return await use(letters);
    } finally {
      await letters.close();
    }
  }
}
