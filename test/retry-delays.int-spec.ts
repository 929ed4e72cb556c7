import { ACK, ATTEMPTS_HEADER, BrokerConnection, ConsumerMetrics, defaultRetryPolicy, EventConsumer, retryQueueOf, Settlement } from '@jobstream/messaging';
import { createTestVhost, TestBroker, TestVhost, waitFor } from '@jobstream/testing';
import { ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';

jest.setTimeout(90_000);

const QUEUE = 'retry-delays.jobs';
const SHORT_MS = 1_000;
const LONG_MS = 15_000;

interface Arrival {
  id: string;
  type?: string;
  schemaVersion?: unknown;
}

describe('retry delays', () => {
  let vhost: TestVhost;
  let connection: BrokerConnection;
  let consumer: EventConsumer;
  let broker: TestBroker;
  const arrivals: Arrival[] = [];
  const arrivalsOf = (id: string) => arrivals.filter((arrival) => arrival.id === id);

  beforeAll(async () => {
    vhost = await createTestVhost('retrydelays');
    connection = new BrokerConnection(vhost.url, 'retry-delays-test');
    consumer = new EventConsumer(
      connection,
      // Attempt 1 waits the short level, every later one the long level.
      { exchange: 'retry-delays.events', queue: QUEUE, patterns: ['job.#'], prefetch: 10, retry: defaultRetryPolicy({ delayLevelsMs: [SHORT_MS, LONG_MS] }) },
      new ConsumerMetrics(new Registry()),
    );
    // Every message fails on its first delivery here and is handled on its second.
    await consumer.start(async (message: ConsumeMessage): Promise<Settlement> => {
      const id = String(message.properties.messageId);
      arrivals.push({ id, type: message.properties.type, schemaVersion: message.properties.headers?.['x-schema-version'] });
      return arrivalsOf(id).length === 1 ? { kind: 'retry', reason: 'not yet', permanent: false } : ACK;
    });
    broker = await TestBroker.connect(vhost.url);
    // The consumer declares its queues once its channel is up.
    await waitFor(() => broker.ready(QUEUE).then(() => true), { what: 'the consumer\'s queues' });
  });

  afterAll(async () => {
    await consumer?.stop();
    await broker?.close();
    await connection?.close();
    await vhost?.delete();
  });

  it('redelivers a 1 s retry while 15 s retries sent before it still wait, and keeps type and headers', async () => {
    const send = (id: string, type: string, attemptsSoFar: number) =>
      broker.sendRaw(QUEUE, [{ content: Buffer.from('{}'), options: { messageId: id, type, headers: { 'x-schema-version': 1, [ATTEMPTS_HEADER]: attemptsSoFar } } }]);
    // Two messages on their second attempt: their retry waits the long level.
    await send('slow-1', 'job.created', 1);
    await send('slow-2', 'pipeline.heartbeat', 1);
    await waitFor(async () => (await broker.ready(retryQueueOf(QUEUE, LONG_MS))) === 2, { what: 'two messages waiting 15 s' });

    await send('fast', 'job.status-changed', 0);

    await waitFor(() => arrivalsOf('fast').length === 2, { what: 'the 1 s retry redelivered' });
    expect(arrivals.map((arrival) => arrival.id)).toEqual(['slow-1', 'slow-2', 'fast', 'fast']);
    expect(await broker.ready(retryQueueOf(QUEUE, LONG_MS))).toBe(2);
    expect(arrivalsOf('fast')[1]).toEqual({ id: 'fast', type: 'job.status-changed', schemaVersion: 1 });

    // The long ones are held, not lost: they come back after their own wait, after the short one.
    await waitFor(() => arrivals.length === 6, { what: 'the 15 s retries redelivered', timeoutMs: 60_000 });
    expect(arrivals.slice(4).map((arrival) => arrival.id).sort()).toEqual(['slow-1', 'slow-2']);
    expect(arrivalsOf('slow-2')[1]).toEqual({ id: 'slow-2', type: 'pipeline.heartbeat', schemaVersion: 1 });
  });
});
