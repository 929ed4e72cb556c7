import { EventEnvelope } from '@jobstream/contracts';
import { Registry } from 'prom-client';
import { OutboxRelay } from './outbox-relay.service';
import { ClaimedEvent, OutboxStore } from './outbox.store';
import { RelayMetrics } from './relay-metrics';
import { defaultRelayPolicy } from './relay-policy';

const claimed = (seq: number): ClaimedEvent => ({ seq: String(seq), event: { eventId: `e${seq}`, type: 'job.created', aggregateId: `job-${seq}` } as EventEnvelope });

/**
 * The relay loop with the outbox table and the broker faked: what is marked published, what is
 * released, when the next round starts (at once after a full batch, on a notification, after the
 * poll interval, after a back-off), and that a stop ends a wait.
 */
describe('OutboxRelay', () => {
  let queue: ClaimedEvent[][];
  let store: { claim: jest.Mock; markPublished: jest.Mock; release: jest.Mock };
  let unconfirmed: Set<string>;
  let relay: OutboxRelay;
  const rounds = () => store.claim.mock.calls.length;
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    queue = [];
    unconfirmed = new Set();
    store = {
      claim: jest.fn(async () => queue.shift() ?? []),
      markPublished: jest.fn(async () => undefined),
      release: jest.fn(async () => undefined),
    };
    const publisher = {
      publish: async (event: EventEnvelope) => {
        if (unconfirmed.has(event.eventId)) throw new Error('was returned');
      },
    };
    relay = new OutboxRelay(
      store as unknown as OutboxStore,
      publisher,
      defaultRelayPolicy({ batchSize: 2, pollIntervalMs: 60_000, backoffMs: () => 60_000 }),
      new RelayMetrics(new Registry(), async () => ({ events: 0, oldestAgeSeconds: 0 }) as never),
    );
  });

  afterEach(() => relay.stop());

  it('marks published only what the broker confirmed, and releases the rest with the reason', async () => {
    queue.push([claimed(1), claimed(2)]);
    unconfirmed.add('e2');

    await expect(relay.relayOnce()).rejects.toThrow(/1 of 2 events were not confirmed: Error: was returned/);

    expect(store.markPublished).toHaveBeenCalledWith(['1']);
    expect(store.release).toHaveBeenCalledWith(['2'], 'Error: was returned');
  });

  it('starts the next round at once after a full batch, and waits the poll interval after a short one', async () => {
    queue.push([claimed(1), claimed(2)], [claimed(3)]);

    relay.start();
    for (let i = 0; i < 10; i++) await tick();

    expect(rounds()).toBe(2);
  });

  it('starts a round on a notification instead of at the next poll', async () => {
    relay.start();
    for (let i = 0; i < 5; i++) await tick();
    expect(rounds()).toBe(1);

    queue.push([claimed(1)]);
    relay.notify();
    for (let i = 0; i < 5; i++) await tick();

    expect(rounds()).toBe(2);
    expect(store.markPublished).toHaveBeenLastCalledWith(['1']);
  });

  it('backs off after a failed round: a notification does not cut the back-off short, a stop does', async () => {
    queue.push([claimed(1)]);
    unconfirmed.add('e1');
    relay.start();
    for (let i = 0; i < 5; i++) await tick();

    relay.notify();
    for (let i = 0; i < 5; i++) await tick();
    expect(rounds()).toBe(1);

    await relay.stop();
    expect(rounds()).toBe(1);
  });
});
