import { ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { BrokerConnection } from './broker-connection';
import { ConsumerMetrics } from './consumer-metrics';
import { ACK, ATTEMPTS_HEADER, EventConsumer, REASON_HEADER, Settlement } from './event-consumer';

const message = (attempts?: number) =>
  ({ content: Buffer.from('{}'), properties: { headers: attempts === undefined ? {} : { [ATTEMPTS_HEADER]: attempts }, type: 'job.created' } }) as unknown as ConsumeMessage;

/**
 * How the consumer settles a message, with the broker's channel faked: ack; a retry copy on the
 * queue of its back-off level; parking after the last attempt (sooner for permanent failures);
 * a handler that throws counts as a transient failure; an unconfirmed copy hands the original
 * back (nack, requeue) and never acks it; stop waits for the handlers in flight.
 */
describe('EventConsumer settlement', () => {
  let channel: { consume: jest.Mock; sendToQueue: jest.Mock; ack: jest.Mock; nack: jest.Mock; cancelAll: jest.Mock; close: jest.Mock };
  let deliver: (message: ConsumeMessage) => void;
  let consumer: EventConsumer;

  const settleWith = async (settlement: Settlement | Error, delivered = message()) => {
    await consumer.start(async () => {
      if (settlement instanceof Error) throw settlement;
      return settlement;
    });
    deliver(delivered);
    await consumer.stop();
    return delivered;
  };

  beforeEach(() => {
    channel = {
      consume: jest.fn(async (_queue: string, onMessage: (message: ConsumeMessage) => void) => {
        deliver = onMessage;
      }),
      sendToQueue: jest.fn(async () => true),
      ack: jest.fn(),
      nack: jest.fn(),
      cancelAll: jest.fn(async () => undefined),
      close: jest.fn(async () => undefined),
    };
    const connection = { manager: { createChannel: () => channel } } as unknown as BrokerConnection;
    consumer = new EventConsumer(connection, { exchange: 'events', queue: 'q', patterns: ['job.#'], prefetch: 1 }, new ConsumerMetrics(new Registry()));
  });

  it('acks what the handler acks, and sends no copy', async () => {
    const delivered = await settleWith(ACK);

    expect(channel.ack).toHaveBeenCalledWith(delivered);
    expect(channel.sendToQueue).not.toHaveBeenCalled();
  });

  it('puts a transient failure on the retry queue of its first back-off level, with its attempt and reason, then acks', async () => {
    const delivered = await settleWith({ kind: 'retry', reason: 'Elasticsearch away', permanent: false });

    expect(channel.sendToQueue).toHaveBeenCalledWith('q.retry.1000', delivered.content, expect.objectContaining({ persistent: true, type: 'job.created' }));
    expect(channel.sendToQueue.mock.calls[0][2].headers).toEqual({ [ATTEMPTS_HEADER]: 1, [REASON_HEADER]: 'Elasticsearch away' });
    expect(channel.ack).toHaveBeenCalledWith(delivered);
  });

  it('parks a permanent failure on its third attempt, and a transient one only on its 45th', async () => {
    await settleWith({ kind: 'retry', reason: 'mapping', permanent: true }, message(2));
    await settleWith({ kind: 'retry', reason: 'away', permanent: false }, message(2));
    await settleWith({ kind: 'retry', reason: 'away', permanent: false }, message(44));

    expect(channel.sendToQueue.mock.calls.map(([queue]) => queue)).toEqual(['q.dead', 'q.retry.4000', 'q.dead']);
  });

  it('counts a handler that throws as a transient failure', async () => {
    await settleWith(new Error('boom'));

    expect(channel.sendToQueue.mock.calls[0][2].headers[REASON_HEADER]).toBe('handler failed: Error: boom');
  });

  it('hands the original back when the broker does not confirm the copy, and never acks it', async () => {
    channel.sendToQueue.mockRejectedValue(new Error('channel closed'));

    const delivered = await settleWith({ kind: 'retry', reason: 'away', permanent: false });

    expect(channel.nack).toHaveBeenCalledWith(delivered, false, true);
    expect(channel.ack).not.toHaveBeenCalled();
  });

  it('stops only after the handlers in flight have settled', async () => {
    let finish!: () => void;
    await consumer.start(() => new Promise<Settlement>((resolve) => (finish = () => resolve(ACK))));
    deliver(message());

    const stopped = consumer.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(channel.close).not.toHaveBeenCalled();
    finish();
    await stopped;

    expect(channel.ack).toHaveBeenCalled();
    expect(channel.close).toHaveBeenCalled();
  });
});
