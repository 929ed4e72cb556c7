import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { BrokerConnection, EventPublisher } from '@jobstream/messaging';
import { defaultRelayPolicy, OutboxRelay, OutboxStore, RelayMetrics } from '@jobstream/outbox';
import { OutboxWriter } from '@jobstream/persistence';
import { AppProcess, createTestEnvironment, EventTap, OutageProxy, TestEnvironment, uniqueName, waitFor } from '@jobstream/testing';
import { Registry } from 'prom-client';

jest.setTimeout(180_000);

const EXCHANGE = 'jobstream.events';

describe(OutboxRelay.name, () => {
  let t: TestEnvironment;
  let jobs: JobCommandsService;
  let userId: string;
  let tap: EventTap;

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(query, params);
  const unpublished = async () => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`))[0].n);
  const allEventIds = async () => new Set((await sql<{ event_id: string }>(`SELECT event_id FROM outbox`)).map((r) => r.event_id));

  /** Jobs with `steps` events each: created, RUNNING, COMPLETED. */
  async function writeJobs(count: number, steps = 3): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const job = await jobs.create({ userId, type: 'IMAGE_BUILD', projectName: 'relay' }, SYSTEM_ACTOR);
        if (steps > 1) await jobs.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR);
        if (steps > 2) await jobs.transition({ id: job.id, status: 'COMPLETED' }, SYSTEM_ACTOR);
      }),
    );
  }

  async function expectEverythingDelivered(): Promise<void> {
    await waitFor(async () => (await unpublished()) === 0, { what: 'an empty outbox', timeoutMs: 60_000 });
    const expected = await allEventIds();
    await waitFor(() => [...expected].every((id) => tap.distinctIds().has(id)), { what: 'every event at the tap', timeoutMs: 30_000 });
  }

  beforeAll(async () => {
    t = await createTestEnvironment('relay');
    jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
    userId = (await new OwnerCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter()).createUser({ email: 'r@example.com', name: 'R' }, SYSTEM_ACTOR)).id;
    tap = await EventTap.start(t.vhost.url, EXCHANGE);
  });

  afterAll(async () => {
    await tap.close();
    await t.teardown();
  });


  it('never lets two relays claim one row, and releases a job events only in version order', async () => {
    await writeJobs(60);
    const published: { relay: string; aggregate: string; version: number }[] = [];
    const claimCount = new Map<string, number>();

    async function relayLoop(relay: string): Promise<void> {
      const store = new OutboxStore(t.db.dataSource);
      for (let idle = 0; idle < 5; ) {
        const claimed = await store.claim(7, 60_000);
        idle = claimed.length === 0 ? idle + 1 : 0;
        for (const { seq, event } of claimed) {
          claimCount.set(seq, (claimCount.get(seq) ?? 0) + 1);
          published.push({ relay, aggregate: event.aggregateId, version: event.aggregateVersion });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        await store.markPublished(claimed.map((c) => c.seq));
      }
    }
    await Promise.all([relayLoop('a'), relayLoop('b'), relayLoop('c')]);
    // These rows were only marked, never sent: forget them so later tests expect only real publishes.
    await sql(`DELETE FROM outbox`);

    expect(claimCount.size).toBe(180);
    expect([...claimCount.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(published.map((p) => p.relay)).size).toBeGreaterThan(1);
    const versionsByJob = new Map<string, number[]>();
    published.forEach((p) => versionsByJob.set(p.aggregate, [...(versionsByJob.get(p.aggregate) ?? []), p.version]));
    expect([...versionsByJob.values()].every((v) => v.join() === '1,2,3')).toBe(true);
  });

  it('purges published rows past their retention and nothing else', async () => {
    await writeJobs(3, 1);
    const rows = await sql<{ seq: string }>(`SELECT seq FROM outbox ORDER BY seq DESC LIMIT 3`);
    const store = new OutboxStore(t.db.dataSource);
    await store.markPublished([rows[0].seq, rows[1].seq]);
    await sql(`UPDATE outbox SET published_at = now() - interval '2 hours' WHERE seq = $1`, [rows[0].seq]);

    const purged = await store.purgePublished(3_600_000);

    expect(purged).toBe(1);
    const left = (await sql<{ seq: string }>(`SELECT seq FROM outbox WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)])).map((r) => r.seq);
    expect(left.sort()).toEqual([rows[1].seq, rows[2].seq].sort());
    await sql(`DELETE FROM outbox WHERE seq = ANY($1::bigint[])`, [left]);
  });

  it('publishes with confirms and marks rows published, woken by NOTIFY, and counts them', async () => {
    const broker = new BrokerConnection(t.vhost.url, 'relay-test');
    const store = new OutboxStore(t.db.dataSource);
    const registry = new Registry();
    const relay = new OutboxRelay(
      store,
      new EventPublisher(broker, EXCHANGE),
      defaultRelayPolicy({ pollIntervalMs: 60_000 }),
      new RelayMetrics(registry, () => store.backlog()),
    );
    const values = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;
    const total = async (name: string) => (await values(name)).reduce((sum, { value }) => sum + value, 0);
    await writeJobs(2, 1);
    const waiting = await unpublished();
    expect(waiting).toBeGreaterThanOrEqual(2);
    expect(await total('jobstream_outbox_backlog')).toBe(waiting);
    expect(await total('jobstream_outbox_oldest_unpublished_age_seconds')).toBeGreaterThan(0);

    relay.start();
    try {
      relay.notify();
      await expectEverythingDelivered();
      expect(await total('jobstream_outbox_published_total')).toBe(waiting);
      expect(await values('jobstream_outbox_confirm_seconds')).toContainEqual(expect.objectContaining({ metricName: 'jobstream_outbox_confirm_seconds_count', value: waiting }));
      expect(await total('jobstream_outbox_backlog')).toBe(0);
      expect(await total('jobstream_outbox_oldest_unpublished_age_seconds')).toBe(0);
    } finally {
      await relay.stop();
      await broker.close();
    }
  });

  it('keeps an event no queue takes (the indexer of a new deployment not started yet) and publishes it once a queue is bound', async () => {
    const exchange = uniqueName('unbound');
    const broker = new BrokerConnection(t.vhost.url, 'relay-unroutable');
    const store = new OutboxStore(t.db.dataSource);
    const relay = new OutboxRelay(store, new EventPublisher(broker, exchange), defaultRelayPolicy(), new RelayMetrics(new Registry(), () => store.backlog()));
    await writeJobs(2, 1);
    const waiting = (await sql<{ event_id: string }>(`SELECT event_id FROM outbox WHERE published_at IS NULL`)).map((r) => r.event_id);
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    relay.start();
    let late: EventTap | undefined;
    try {
      relay.notify();
      await waitFor(async () => (await sql(`SELECT 1 FROM outbox WHERE published_at IS NULL AND last_error LIKE '%was returned%'`)).length > 0, {
        what: 'the returned events to be kept with their error',
        timeoutMs: 30_000,
      });
      expect(await unpublished()).toBe(waiting.length);

      late = await EventTap.start(t.vhost.url, exchange);
      await waitFor(async () => (await unpublished()) === 0, { what: 'an empty outbox', timeoutMs: 30_000 });
      const tapped = late.distinctIds();
      expect(waiting.filter((id) => !tapped.has(id))).toEqual([]);
    } finally {
      await relay.stop();
      await late?.close();
      await broker.close();
      // They went to this test's exchange: the next tests expect every row at the shared tap.
      await sql(`DELETE FROM outbox WHERE event_id = ANY($1::uuid[])`, [waiting]);
    }
  });

  it('loses nothing when the relay is SIGKILLed between publish and mark', async () => {
    // Blocks the relay's "mark published" UPDATE on an advisory lock this test holds.
    const holder = t.db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(4242)`);
    await sql(`
      CREATE FUNCTION hold_mark() RETURNS trigger AS $$
      BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER hold_mark BEFORE UPDATE OF published_at ON outbox FOR EACH ROW
        WHEN (NEW.published_at IS NOT NULL) EXECUTE FUNCTION hold_mark();`);
    const earlier = await allEventIds();
    await writeJobs(20);
    const fresh = [...(await allEventIds())].filter((id) => !earlier.has(id));
    // One claim takes them all: the relay publishes the batch, then blocks on marking it.
    const relay = await AppProcess.start('outbox-relay', { ...t.env, OUTBOX_LEASE_MS: '2000' });
    const release = async () => {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      await sql(`DROP TRIGGER IF EXISTS hold_mark ON outbox`);
    };
    try {
      // Published and confirmed: every new event reached the tap...
      await waitFor(() => fresh.every((id) => tap.distinctIds().has(id)), { what: 'the first publish' });
      // ...while the relay waits to mark them.
      await waitFor(async () => (await sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`)).length > 0, {
        what: 'the relay to block on the mark',
      });
      expect(await unpublished()).toBeGreaterThan(0);

      await relay.kill();
      // The dead relay's mark never reaches the database: end its session, as a lost connection would.
      await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'outbox-relay' AND datname = current_database()`);
      expect(await unpublished()).toBeGreaterThan(0);
      await release();
      const before = tap.received.length;
      await relay.restart();

      await expectEverythingDelivered();
      expect(tap.received.length).toBeGreaterThan(before); // re-sent after the lease: duplicates, never gaps
    } finally {
      await release();
      await relay.stop();
      await holder.release();
    }
  });

  it('keeps publishing across a RabbitMQ outage, with rows written during the outage', async () => {
    // The relay reaches RabbitMQ only through the proxy; the tap stays on the broker throughout.
    const broker = await OutageProxy.start(t.vhost.url);
    const relay = await AppProcess.start('outbox-relay', { ...t.env, AMQP_URL: broker.url, OUTBOX_PUBLISH_TIMEOUT_MS: '2000' });
    try {
      await writeJobs(50);
      const down = Date.now();
      expect(broker.cut()).toBeGreaterThan(0);
      try {
        await writeJobs(50);
        // The outage lasts until the relay has tried to reconnect and been turned away, and 3 s at least.
        await waitFor(() => broker.refused > 0, { what: 'the relay to try to reconnect' });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (Date.now() - down))));
        expect(await unpublished()).toBeGreaterThan(0);
      } finally {
        broker.restore();
      }
      await writeJobs(50);

      await expectEverythingDelivered();
    } finally {
      await relay.stop();
      await broker.close();
    }
  });
});
