import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { EventEnvelope } from '@jobstream/contracts';
import { DeadLetters, defaultRetryPolicy, encodeEvent, retryQueueOf } from '@jobstream/messaging';
import { OutboxStore } from '@jobstream/outbox';
import { OutboxWriter } from '@jobstream/persistence';
import { JobDocument } from '@jobstream/search';
import {
  AppProcess,
  createTestEnvironment,
  ES_URL,
  OutageProxy,
  TestBroker,
  TestEnvironment,
  waitFor,
} from '@jobstream/testing';

jest.setTimeout(240_000);

const QUEUE = 'indexer.jobs';

describe('indexer', () => {
  let t: TestEnvironment;
  let jobs: JobCommandsService;
  let userId: string;
  let broker: TestBroker;
  /** The indexer reaches Elasticsearch only through it; the test reads documents straight from the node. */
  let es: OutageProxy;
  let indexer: AppProcess;

  const syncVersion = async (id: string) =>
    Number((await t.db.dataSource.query(`SELECT es_sync_version FROM job WHERE id = $1`, [id]))[0].es_sync_version);
  const document = async (id: string) => {
    const hit = await t.search.client.get<JobDocument>({ index: t.search.alias, id }, { ignore: [404] });
    return hit.found ? { ...hit._source!, version: hit._version } : null;
  };

  /** A job moved through `statuses`; returns its events oldest first, as the outbox holds them. */
  async function jobEvents(...statuses: ('RUNNING' | 'COMPLETED' | 'FAILED')[]): Promise<EventEnvelope[]> {
    const job = await jobs.create({ userId, type: 'IMAGE_BUILD', projectName: 'indexer' }, SYSTEM_ACTOR);
    for (const status of statuses) await jobs.transition({ id: job.id, status }, SYSTEM_ACTOR);
    const claimed = await new OutboxStore(t.db.dataSource).claim(1_000, 60_000);
    return claimed.map((c) => c.event).filter((e) => e.aggregateId === job.id);
  }

  beforeAll(async () => {
    t = await createTestEnvironment('indexer');
    jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
    userId = (await new OwnerCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter()).createUser({ email: 'i@example.com', name: 'I' }, SYSTEM_ACTOR)).id;
    es = await OutageProxy.start(ES_URL);
    indexer = await AppProcess.start('indexer', { ...t.env, ES_URL: es.url, INDEXER_BATCH_WAIT_MS: '20' });
    broker = await TestBroker.connect(t.vhost.url);
  });

  afterAll(async () => {
    await indexer?.stop();
    await es?.close();
    await broker?.close();
    await t.teardown();
  });

  it('keeps the newer document when an older event or a duplicate arrives after it', async () => {
    const [created, running, completed] = await jobEvents('RUNNING', 'COMPLETED');
    const id = created.aggregateId;

    await broker.sendEvents(QUEUE, [completed]);
    await waitFor(async () => (await syncVersion(id)) === 3, { what: 'version 3 indexed' });
    // A sentinel after them: once it is indexed, the events before it have been through a bulk request.
    const [sentinel] = await jobEvents();
    await broker.sendEvents(QUEUE, [created, running, completed, running, sentinel]);
    await waitFor(async () => (await syncVersion(sentinel.aggregateId)) === 1, { what: 'the sentinel indexed' });

    expect(await document(id)).toMatchObject({ version: 3, status: 'COMPLETED', jobId: id, userName: 'I' });
    expect(await syncVersion(id)).toBe(3);
    expect(await broker.ready(`${QUEUE}.dead`)).toBe(0);
  });

  it('parks a poison message after 3 attempts with its reason, keeps the queue flowing, and replays', async () => {
    const [created, running] = await jobEvents('RUNNING');

    await broker.sendRaw(QUEUE, [{ content: Buffer.from('{"not":"an event"') }]);
    await broker.sendEvents(QUEUE, [created]);

    await waitFor(async () => (await syncVersion(created.aggregateId)) === 1, { what: 'the good event indexed' });
    const letters = await DeadLetters.open(t.vhost.url, QUEUE);
    try {
      const [parked] = await waitFor(async () => { const l = await letters.list(); return l.length === 1 ? l : null; }, { what: 'the poison message parked', intervalMs: 500 });
      expect(parked).toMatchObject({ attempts: 3, body: '{"not":"an event"' });
      expect(parked.reason).toMatch(/undecodable/);

      // A parked event that can be indexed now goes through when replayed; the poison comes back.
      await broker.sendRaw(`${QUEUE}.dead`, [encodeEvent(running)]);
      expect(await letters.replay()).toBe(2);
      await waitFor(async () => (await syncVersion(created.aggregateId)) === 2, { what: 'the replayed event indexed' });
      await waitFor(async () => (await letters.list()).length === 1, { what: 'the poison parked again', intervalMs: 500 });
    } finally {
      await letters.close();
    }
  });

  it('loses nothing while Elasticsearch is down: events wait, then land with their versions', async () => {
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 20; i++) events.push(...(await jobEvents('RUNNING')));
    const parkedBefore = await broker.ready(`${QUEUE}.dead`);
    es.cut();
    try {
      await broker.sendEvents(QUEUE, events);
      // The indexer retries them with back-off (through its retry queues) rather than dropping them.
      const retrying = async () => (await Promise.all(defaultRetryPolicy().delayLevelsMs.map((ms) => broker.ready(retryQueueOf(QUEUE, ms))))).some((n) => n > 0);
      await waitFor(retrying, { what: 'events waiting in a retry queue', intervalMs: 500 });
      expect(await broker.ready(`${QUEUE}.dead`)).toBe(parkedBefore);
      await expect(fetch(`${indexer.url}/health/ready`).then((r) => r.status)).resolves.toBe(503);
    } finally {
      es.restore();
    }

    const ids = [...new Set(events.map((e) => e.aggregateId))];
    expect(ids).toHaveLength(20);
    await waitFor(async () => (await Promise.all(ids.map(syncVersion))).every((v) => v === 2), {
      what: 'every job at version 2 after the outage',
      timeoutMs: 60_000,
    });
    const docs = await Promise.all(ids.map(document));
    expect(docs.every((doc) => doc?.version === 2 && doc.status === 'RUNNING')).toBe(true);
    expect(await broker.ready(`${QUEUE}.dead`)).toBe(parkedBefore);
  });
});
