import { ConfirmChannel } from 'amqplib';

/** The routing key of an event is its type, e.g. `job.created`; queues bind with patterns like `job.#`. */
export const routingKeyOf = (eventType: string) => eventType;

/** The durable topic exchange all events are published to. */
export async function assertEventsExchange(channel: ConfirmChannel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

export interface QueueBinding {
  exchange: string;
  queue: string;
  patterns: string[];
}

/** Where a queue's rejected messages are parked, for inspection and replay. */
export const deadLetterQueueOf = (queue: string) => `${queue}.dead`;
/** Where a queue's messages wait out a back-off of `delayMs` before going back to the queue. */
export const retryQueueOf = (queue: string, delayMs: number) => `${queue}.retry.${delayMs}`;
export const deadLetterExchangeOf = (exchange: string) => `${exchange}.dead-letter`;

/** A queue's parking queue: durable and replicated, since nothing else holds its messages. */
export async function assertDeadLetterQueue(channel: ConfirmChannel, queue: string): Promise<void> {
  await channel.assertQueue(deadLetterQueueOf(queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
}

/**
 * A durable quorum queue bound to the events it wants, with one retry queue per back-off level
 * and its parking (dead-letter) queue: a message it rejects is parked rather than dropped.
 *
 * Each retry queue holds one delay (`x-message-ttl`), so its head always expires first and a short
 * back-off never waits behind a longer one. Deployments from before this keep a `<queue>.retry`
 * queue with per-message TTLs: it is neither declared nor deleted here, because its own arguments
 * still dead-letter what it holds back to the queue, and an instance of the old version still
 * running in a rolling deploy sends retries to it (deleting it would drop those). Delete it by
 * hand once it is empty and no old instance runs.
 */
export async function assertBoundQueue(channel: ConfirmChannel, binding: QueueBinding, retryDelaysMs: readonly number[]): Promise<void> {
  const deadLetterExchange = deadLetterExchangeOf(binding.exchange);
  await assertEventsExchange(channel, binding.exchange);
  await channel.assertExchange(deadLetterExchange, 'direct', { durable: true });
  await assertDeadLetterQueue(channel, binding.queue);
  await channel.bindQueue(deadLetterQueueOf(binding.queue), deadLetterExchange, binding.queue);
  for (const delayMs of retryDelaysMs) {
    // An expired message dead-letters straight back to the queue through the default exchange.
    await channel.assertQueue(retryQueueOf(binding.queue, delayMs), {
      durable: true,
      arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': binding.queue },
    });
  }
  await channel.assertQueue(binding.queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': deadLetterExchange,
      'x-dead-letter-routing-key': binding.queue,
    },
  });
  for (const pattern of binding.patterns) {
    await channel.bindQueue(binding.queue, binding.exchange, pattern);
  }
}
