import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { JOB_CREATED } from '@jobstream/contracts';
import { toEvent } from '@jobstream/outbox';
import { OutboxWriter } from '@jobstream/persistence';
import { JobDocument } from '@jobstream/search';
import { AppProcess, createTestEnvironment, inParallel, sampleSum, scrape, TestBroker, TestEnvironment, waitFor } from '@jobstream/testing';
import { randomUUID } from 'node:crypto';

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

  /** Job events the indexer dropped because their job no longer exists in PostgreSQL. */
  const droppedAsGone = async () =>
    sampleSum(await scrape(apps.find((app) => app.name === 'indexer')!.url), 'jobstream_indexer_events_total', { outcome: 'gone' }) ?? 0;

  /**
   * Waits until Elasticsearch has forgotten every delete made so far. No read tells (a GET answers
   * not found with or without a tombstone), and on 8.19 a write treats a tombstone older than
   * gc_deletes as gone before the version map prunes it, so a write must ask: a throw-away id is
   * deleted now at version 2, then deleted again at version 1, which conflicts (409) while its
   * tombstone lives and finds nothing, writing no document, once it is forgotten. Tombstones age in
   * the order they were made, so the older ones are gone by then too.
   */
  async function tombstonesForgotten(): Promise<void> {
    const probe = { index: t.search.alias, id: `tombstone-probe-${randomUUID()}`, version_type: 'external' as const };
    await t.search.client.delete({ ...probe, version: 2 }, { ignore: [404] });
    await waitFor(() => t.search.client.delete({ ...probe, version: 1 }, { ignore: [404] }).then(() => true), {
      what: 'Elasticsearch to forget the tombstones (a delete below the probe tombstone accepted)',
      intervalMs: 200,
    });
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
    await tombstonesForgotten();
    const [row] = await sql(`SELECT * FROM outbox WHERE aggregate_id = $1 AND event_type = $2`, [job.id, JOB_CREATED]);
    const droppedBefore = await droppedAsGone();
    const broker = await TestBroker.connect(t.vhost.url);
    try {
      await broker.sendEvents('indexer.jobs', [toEvent(row)]);
    } finally {
      await broker.close();
    }
    // Ends on either outcome, so a broken guard fails on the assertions below rather than by a timeout.
    await waitFor(async () => (await droppedAsGone()) > droppedBefore || (await documents([job.id])).get(job.id) !== null, {
      what: 'the indexer to handle the re-delivered creation event',
    });

    expect((await documents([job.id])).get(job.id)).toBeNull();
    expect(await droppedAsGone()).toBe(droppedBefore + 1);
    await t.search.client.indices.refresh({ index: t.search.alias });
    const { count } = await t.search.client.count({ index: t.search.alias, query: { term: { projectName: 'doomed' } } });
    expect(count).toBe(0);
  });
});
