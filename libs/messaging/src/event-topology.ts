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
/** Where a queue's messages wait out their back-off before going back to the queue. */
export const retryQueueOf = (queue: string) => `${queue}.retry`;
export const deadLetterExchangeOf = (exchange: string) => `${exchange}.dead-letter`;

/**
 * A durable quorum queue bound to the events it wants, with its retry queue and its parking
 * (dead-letter) queue: a message it rejects is parked rather than dropped.
 */
export async function assertBoundQueue(channel: ConfirmChannel, binding: QueueBinding): Promise<void> {
  const deadLetterExchange = deadLetterExchangeOf(binding.exchange);
  await assertEventsExchange(channel, binding.exchange);
  await channel.assertExchange(deadLetterExchange, 'direct', { durable: true });
  await channel.assertQueue(deadLetterQueueOf(binding.queue), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(deadLetterQueueOf(binding.queue), deadLetterExchange, binding.queue);
  // Classic, for per-message TTL: an expired message dead-letters straight back to the queue.
  await channel.assertQueue(retryQueueOf(binding.queue), {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': binding.queue },
  });
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
