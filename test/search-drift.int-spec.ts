import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { JOB_CREATED } from '@jobstream/contracts';
import { OutboxWriter, toEvent } from '@jobstream/outbox';
import { JobDocument } from '@jobstream/search';
import { AppProcess, createTestEnvironment, inParallel, TestBroker, TestEnvironment, waitFor } from '@jobstream/testing';

jest.setTimeout(300_000);

describe('search never drifts', () => {
  let t: TestEnvironment;
  let jobs: JobCommandsService;
  let owners: OwnerCommandsService;
  let apps: AppProcess[];

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(query, params);
  const unsynced = async () => (await sql(`SELECT count(*)::int AS n FROM job WHERE es_sync_version IS DISTINCT FROM version`))[0].n;
  const allSynced = () => waitFor(async () => (await unsynced()) === 0, { what: 'every job synced', timeoutMs: 120_000, intervalMs: 250 });

  /** Documents of these jobs with their Elasticsearch versions; null where there is none. */
  async function documents(ids: string[]): Promise<Map<string, (JobDocument & { _version?: number }) | null>> {
    const { docs } = await t.search.client.mget<JobDocument>({ index: t.search.alias, ids });
    return new Map(docs.map((d) => [d._id, 'found' in d && d.found ? { ...d._source!, _version: d._version } : null]));
  }

  beforeAll(async () => {
    t = await createTestEnvironment('drift');
    jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
    owners = new OwnerCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
    apps = [];
    for (const name of ['job-writer', 'outbox-relay', 'indexer'] as const) apps.push(await AppProcess.start(name, t.env));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await t.teardown();
  });

  it('renames a user who owns 1,000 jobs while their updates stream: every document gets the new name and the newest version', async () => {
    const user = await owners.createUser({ email: 'owner@example.com', name: 'Before' }, SYSTEM_ACTOR);
    const created = await inParallel(Array.from({ length: 1_000 }, (_, i) => i), 10, (i) =>
      jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: `p${i % 5}` }, SYSTEM_ACTOR),
    );
    const ids = created.map((job) => job.id);

    // Updates keep streaming to random jobs of the user while the rename (and an email change) happen.
    let streaming = true;
    const stream = inParallel([0, 1, 2, 3], 4, async () => {
      while (streaming) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const [{ status }] = await sql(`SELECT status FROM job WHERE id = $1`, [id]);
        const next = status === 'PENDING' ? 'RUNNING' : status === 'RUNNING' ? 'COMPLETED' : null;
        if (next) await jobs.transition({ id, status: next }, SYSTEM_ACTOR).catch(() => undefined); // racing writers: 409s expected
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await owners.updateUser({ id: user.id, name: 'After' }, SYSTEM_ACTOR);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await owners.updateUser({ id: user.id, email: 'after@example.com' }, SYSTEM_ACTOR);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    streaming = false;
    await stream;

    await allSynced();
    const rows = await sql<{ id: string; version: string; status: string }>(`SELECT id, version, status FROM job WHERE user_id = $1`, [user.id]);
    const docs = await documents(rows.map((r) => r.id));
    const wrong = rows.filter((r) => {
      const doc = docs.get(r.id);
      return !doc || doc.userName !== 'After' || doc.userEmail !== 'after@example.com' || doc._version !== Number(r.version) || doc.status !== r.status;
    });
    expect(rows).toHaveLength(1_000);
    expect(wrong).toEqual([]);
    expect(rows.some((r) => r.status !== 'PENDING')).toBe(true);
  });

  it('carries a workspace hostname change to its jobs', async () => {
    const user = await owners.createUser({ email: 'ws@example.com', name: 'W' }, SYSTEM_ACTOR);
    const workspace = await owners.createWorkspace({ userId: user.id, projectName: 'ws', arch: 'x86_64', hostname: 'old-host' }, SYSTEM_ACTOR);
    const created = await inParallel(Array.from({ length: 50 }, (_, i) => i), 5, () =>
      jobs.create({ userId: user.id, workspaceId: workspace.id, type: 'WORKSPACE_START', projectName: 'ws' }, SYSTEM_ACTOR),
    );

    await owners.updateWorkspace({ id: workspace.id, hostname: 'new-host' }, SYSTEM_ACTOR);

    await waitFor(async () => {
      const docs = await documents(created.map((job) => job.id));
      return [...docs.values()].every((doc) => doc?.workspaceHostname === 'new-host');
    }, { what: 'the new hostname everywhere', timeoutMs: 60_000 });
    await allSynced();
  });

  it('keeps a deleted job out of search when its creation event is re-delivered after gc_deletes', async () => {
    const user = await owners.createUser({ email: 'del@example.com', name: 'D' }, SYSTEM_ACTOR);
    const job = await jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: 'doomed' }, SYSTEM_ACTOR);
    await waitFor(async () => (await documents([job.id])).get(job.id), { what: 'the job indexed' });
    // Tombstones are forgotten quickly on this index, so only our own guard can keep the job out.
    await t.search.client.indices.putSettings({ index: t.search.alias, settings: { 'index.gc_deletes': '1s' } });

    await jobs.delete({ id: job.id }, SYSTEM_ACTOR);
    await waitFor(async () => (await documents([job.id])).get(job.id) === null, { what: 'the document deleted' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [row] = await sql(`SELECT * FROM outbox WHERE aggregate_id = $1 AND event_type = $2`, [job.id, JOB_CREATED]);
    const creation = toEvent(row);
    const sentinel = await jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: 'sentinel' }, SYSTEM_ACTOR);
    await allSynced();
    const broker = await TestBroker.connect(t.vhost.url);
    try {
      await broker.sendEvents('indexer.jobs', [creation]);
      await jobs.transition({ id: sentinel.id, status: 'RUNNING' }, SYSTEM_ACTOR);
      await allSynced();
    } finally {
      await broker.close();
    }

    await t.search.client.indices.refresh({ index: t.search.alias });
    expect((await documents([job.id])).get(job.id)).toBeNull();
    const { count } = await t.search.client.count({ index: t.search.alias, query: { term: { projectName: 'doomed' } } });
    expect(count).toBe(0);
  });
});
