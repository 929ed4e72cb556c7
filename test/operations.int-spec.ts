import {
  AppName,
  AppProcess,
  createTestEnvironment,
  HttpClient,
  inParallel,
  issueTestApiKey,
  OutageProxy,
  sampleSum,
  scrape,
  TestEnvironment,
  waitFor,
} from '@jobstream/testing';

jest.setTimeout(300_000);

const APPS: AppName[] = ['job-writer', 'outbox-relay', 'indexer', 'gateway'];
const STALL_MS = 4_000;
const BROKER_DOWN_MS = 4_000;

describe('operations: metrics, health and the pipeline heartbeat', () => {
  let t: TestEnvironment;
  /** This file's services reach RabbitMQ only through it. */
  let broker: OutageProxy;
  const apps = new Map<AppName, AppProcess>();
  let http: HttpClient;
  const app = (name: AppName) => apps.get(name)!;
  const pipeline = async () => {
    const response = await fetch(`${app('gateway').url}/health/pipeline`);
    return { status: response.status, body: (await response.json()) as any };
  };
  const health = async (name: AppName, probe: 'live' | 'ready') => (await fetch(`${app(name).url}/health/${probe}`)).status;

  beforeAll(async () => {
    t = await createTestEnvironment('ops');
    broker = await OutageProxy.start(t.vhost.url);
    const env = { ...t.env, AMQP_URL: broker.url, HEARTBEAT_INTERVAL_MS: '500', HEARTBEAT_STALL_MS: String(STALL_MS), RECONCILE_INTERVAL_MS: '1000' };
    for (const name of APPS) apps.set(name, await AppProcess.start(name, env));
    http = new HttpClient(app('gateway').url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
  });

  afterAll(async () => {
    await Promise.all([...apps.values()].map((process) => process.stop()));
    await broker?.close();
    await t.teardown();
  });

  it('reports a healthy pipeline once heartbeats travel writer → outbox → RabbitMQ → indexer → Elasticsearch', async () => {
    const { body } = await waitFor(async () => ((await pipeline()).status === 200 ? pipeline() : null), { what: 'a healthy pipeline' });

    expect(body).toMatchObject({ healthy: true, stallAfterMs: STALL_MS });
    expect(body.lastArrived.seq).toBeGreaterThan(0);
    expect(body.lastArrived.ageMs).toBeLessThanOrEqual(STALL_MS);
    expect(body.lastArrived.transitMs).toBeGreaterThanOrEqual(0);
  });

  it('gives admins the operations overview and the dead letters of each known queue, and no other queue', async () => {
    await waitFor(async () => (await http.get('/operations/overview')).body.pipeline?.healthy === true, { what: 'a healthy overview' });
    const overview = (await http.get('/operations/overview')).body;
    const parked = await http.get('/dead-letters/indexer.jobs?limit=5');
    const unknown = await http.get('/dead-letters/amq.rabbitmq.log');

    expect(overview).toMatchObject({ outbox: { backlog: expect.any(Number) }, sync: { behind: expect.any(Number) } });
    expect(overview.deadLetters).toEqual(
      ['indexer.jobs', 'job-writer.commands', 'job-writer.owner-changes'].map((queue) => ({ queue, messages: 0 })),
    );
    expect([parked.status, parked.body]).toEqual([200, { queue: 'indexer.jobs', items: [] }]);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('serves /metrics on every service, with each stage of the pipeline counted', async () => {
    const user = await http.post('/users', { email: 'ops@example.com', name: 'Ops' });
    await inParallel([...Array(20).keys()], 5, async () => {
      const job = await http.post('/jobs', { userId: user.body.id, type: 'IMAGE_BUILD', projectName: 'ops' });
      expect((await http.patch(`/jobs/${job.body.id}/status`, { status: 'RUNNING', expectedVersion: 1 })).status).toBe(200);
    });
    await waitFor(async () => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job WHERE es_sync_version = version`))[0].n === 20, {
      what: '20 jobs indexed',
    });

    const metrics = Object.fromEntries(await Promise.all(APPS.map(async (name) => [name, await scrape(app(name).url)] as const)));
    for (const name of APPS) {
      // Default process metrics, labelled with the service.
      expect(sampleSum(metrics[name], 'process_cpu_seconds_total', { service: name })).toBeGreaterThan(0);
      expect(sampleSum(metrics[name], 'jobstream_http_request_duration_seconds_count', { route: '/health/ready' })).toBeGreaterThan(0);
    }
    const writer = metrics['job-writer'];
    expect(sampleSum(writer, 'jobstream_command_duration_seconds_count', { command: 'job.create', outcome: 'ok' })).toBe(20);
    expect(sampleSum(writer, 'jobstream_command_duration_seconds_count', { command: 'job.transition', outcome: 'ok' })).toBe(20);

    const relay = await waitFor(async () => {
      const samples = await scrape(app('outbox-relay').url);
      return sampleSum(samples, 'jobstream_outbox_backlog') === 0 ? samples : null;
    });
    expect(sampleSum(relay, 'jobstream_outbox_published_total', { event_type: 'job.created' })).toBeGreaterThanOrEqual(20);
    expect(sampleSum(relay, 'jobstream_outbox_published_total', { event_type: 'pipeline.heartbeat' })).toBeGreaterThan(0);
    expect(sampleSum(relay, 'jobstream_outbox_confirm_seconds_count')).toBeGreaterThanOrEqual(40);
    expect(sampleSum(relay, 'jobstream_outbox_oldest_unpublished_age_seconds')).toBe(0);

    const indexer = metrics.indexer;
    expect(sampleSum(indexer, 'jobstream_indexer_events_total', { outcome: 'indexed' })).toBeGreaterThanOrEqual(40);
    expect(sampleSum(indexer, 'jobstream_indexer_bulk_seconds_count')).toBeGreaterThan(0);
    expect(sampleSum(indexer, 'jobstream_indexer_commit_to_indexed_seconds_count')).toBeGreaterThanOrEqual(40);
    expect(sampleSum(indexer, 'jobstream_consumer_messages_total', { settlement: 'acked' })).toBeGreaterThanOrEqual(40);
    expect(sampleSum(indexer, 'jobstream_consumer_messages_total', { settlement: 'dead_lettered' }) ?? 0).toBe(0);
    expect(sampleSum(indexer, 'jobstream_safety_net_runs_total', { task: 'reconcile', result: 'ok' })).toBeGreaterThan(0);
    expect(sampleSum(indexer, 'jobstream_reconciler_drift_jobs', { kind: 'requeued' })).toBe(0);

    expect(sampleSum(metrics.gateway, 'jobstream_pipeline_healthy')).toBe(1);
    expect(sampleSum(metrics.gateway, 'jobstream_pipeline_heartbeat_age_seconds')).toBeLessThanOrEqual(STALL_MS / 1_000);
    expect(sampleSum(metrics.gateway, 'jobstream_http_request_duration_seconds_count', { route: '/jobs', method: 'POST', status: '201' })).toBe(20);
  });

  it('turns red when the relay silently stops publishing, though every service still looks ready', async () => {
    // The relay's claim is an UPDATE of outbox rows: hold every one on an advisory lock this test owns.
    const holder = t.db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(4243)`);
    await t.db.dataSource.query(`
      CREATE FUNCTION hold_claim() RETURNS trigger AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(4243); RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER hold_claim BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION hold_claim();`);
    try {
      const stalled = await waitFor(async () => ((await pipeline()).status === 503 ? pipeline() : null), {
        what: 'the pipeline to turn red',
        timeoutMs: 3 * STALL_MS,
      });

      expect(stalled.body.reason).toMatch(/sent but none .* reached Elasticsearch .* relay, RabbitMQ or indexer stalled/);
      expect(stalled.body.behind).toBeGreaterThan(0);
      for (const name of APPS) expect({ name, ready: await health(name, 'ready') }).toEqual({ name, ready: 200 });
      const relay = await scrape(app('outbox-relay').url);
      // The oldest waiting row is the first heartbeat that got stuck: seconds old, and growing.
      expect(sampleSum(relay, 'jobstream_outbox_oldest_unpublished_age_seconds')).toBeGreaterThan(1);
      expect(sampleSum(await scrape(app('gateway').url), 'jobstream_pipeline_healthy')).toBe(0);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      await t.db.dataSource.query(`DROP TRIGGER IF EXISTS hold_claim ON outbox; DROP FUNCTION IF EXISTS hold_claim();`);
      await holder.release();
    }
    await waitFor(async () => (await pipeline()).status === 200, { what: 'the pipeline to recover', timeoutMs: 30_000 });
  });

  it('fails readiness but never liveness while RabbitMQ is down, and recovers by itself', async () => {
    const seen = new Map<AppName, { ready: Set<number>; live: Set<number> }>(APPS.map((name) => [name, { ready: new Set(), live: new Set() }]));
    let outageOver = false;
    const probing = (async () => {
      while (!outageOver) {
        await Promise.all(
          APPS.map(async (name) => {
            seen.get(name)!.ready.add(await health(name, 'ready'));
            seen.get(name)!.live.add(await health(name, 'live'));
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      expect(broker.cut()).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, BROKER_DOWN_MS));
    } finally {
      broker.restore();
      outageOver = true;
      await probing;
    }

    for (const name of APPS) {
      expect({ name, ready: seen.get(name)!.ready.has(503), live: [...seen.get(name)!.live] }).toEqual({ name, ready: true, live: [200] });
    }
    await waitFor(async () => (await Promise.all(APPS.map((name) => health(name, 'ready')))).every((status) => status === 200), {
      what: 'every service ready again',
      timeoutMs: 60_000,
    });
    await waitFor(async () => (await pipeline()).status === 200, { what: 'the pipeline to recover', timeoutMs: 60_000 });
  });
});
