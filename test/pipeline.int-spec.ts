import { GetGetResult } from '@elastic/elasticsearch/lib/api/types';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobSearchResponse } from '@jobstream/job-queries';
import { JobDocument } from '@jobstream/search';
import { AppProcess, createTestEnvironment, HttpClient, inParallel, issueTestApiKey, TestEnvironment, waitFor } from '@jobstream/testing';

jest.setTimeout(300_000);

const FINAL = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;

describe('the whole pipeline over HTTP', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let http: HttpClient;
  let userIds: string[];
  let workspaceId: string;

  beforeAll(async () => {
    t = await createTestEnvironment('e2e');
    // The writer first: the gateway's commands need its queue.
    const writer = await AppProcess.start('job-writer', t.env);
    apps = [writer, ...(await Promise.all((['outbox-relay', 'indexer', 'gateway'] as const).map((name) => AppProcess.start(name, t.env))))];
    // Admin: the setup creates users.
    http = new HttpClient(apps[3].url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    userIds = [];
    for (const i of [1, 2, 3]) {
      const { status, body } = await http.post('/users', { email: `user${i}@example.com`, name: `User ${i}` });
      expect(status).toBe(201);
      userIds.push(body.id);
    }
    const workspace = await http.post('/workspaces', { userId: userIds[0], projectName: 'backend-api', arch: 'arm64', hostname: 'worker-03' });
    expect(workspace.status).toBe(201);
    workspaceId = workspace.body.id;
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  it('makes 500 jobs moved through their statuses searchable at their final status and version', async () => {
    const created = await inParallel(Array.from({ length: 500 }, (_, i) => i), 20, async (i) => {
      const { status, body } = await http.post('/jobs', {
        userId: userIds[i % 3],
        type: 'IMAGE_BUILD',
        projectName: `project-${i % 7}`,
        ...(i % 5 === 0 ? { workspaceId } : {}),
        metadata: { batch: i },
      });
      expect(status).toBe(201);
      return body as JobSnapshotV1;
    });
    await inParallel(created, 20, async (job) => {
      const n = Number(job.metadata!.batch);
      if (n % 10 === 0) return; // stays PENDING
      if (n % 10 === 1) {
        expect((await http.patch(`/jobs/${job.id}/status`, { status: 'CANCELLED', expectedVersion: 1 })).status).toBe(200);
        return;
      }
      const running = await http.patch(`/jobs/${job.id}/status`, { status: 'RUNNING', expectedVersion: 1 });
      expect(running.status).toBe(200);
      const status = FINAL[n % 3];
      const final = await http.patch(`/jobs/${job.id}/status`, {
        status,
        expectedVersion: running.body.version,
        ...(status === 'FAILED' ? { errorMessage: `exit code ${n}` } : {}),
      });
      expect(final.status).toBe(200);
    });

    const unsynced = () =>
      t.db.dataSource.query(`SELECT count(*)::int AS n FROM job WHERE es_sync_version IS DISTINCT FROM version`).then((r) => r[0].n);
    await waitFor(async () => (await unsynced()) === 0, { what: 'es_sync_version = version on every row', timeoutMs: 120_000 });

    const rows: { id: string; status: string; version: string }[] = await t.db.dataSource.query(`SELECT id, status, version FROM job`);
    await t.search.client.indices.refresh({ index: t.search.alias });
    const { docs } = await t.search.client.mget<JobDocument>({ index: t.search.alias, ids: rows.map((r) => r.id) });
    const indexed = new Map(
      docs.filter((d): d is GetGetResult<JobDocument> => 'found' in d && d.found).map((d) => [d._id, { status: d._source!.status, version: d._version }]),
    );
    expect(rows).toHaveLength(500);
    const mismatches = rows.filter((r) => {
      const doc = indexed.get(r.id);
      return !doc || doc.status !== r.status || doc.version !== Number(r.version);
    });
    expect(mismatches).toEqual([]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['PENDING', ...FINAL]));
  });

  it('finds a job created over HTTP with GET /jobs, denormalized with its owner and workspace', async () => {
    const { body: job } = await http.post('/jobs', { userId: userIds[0], workspaceId, type: 'WORKSPACE_CREATE', projectName: 'find-me' });

    const page = await waitFor(async () => {
      const { body } = await http.get(`/jobs?projectName=find-me&userId=${userIds[0]}`);
      return body.items.length === 1 && body.source === 'elasticsearch' && body;
    });

    expect(page).toMatchObject({ source: 'elasticsearch', total: 1 });
    expect(page.items[0]).toMatchObject({ id: job.id, userName: 'User 1', userEmail: 'user1@example.com', workspaceHostname: 'worker-03', arch: 'arm64', hostname: 'worker-03', version: 1 });
    expect((await http.get(`/jobs/${job.id}`)).body).toMatchObject({ id: job.id, version: 1 });
  });

  it('pages through jobs with a cursor, filtered by several statuses', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let total: number | null = 0;
    while (cursor !== null) {
      const { status, body }: { status: number; body: JobSearchResponse } = await http.get(`/jobs?status=COMPLETED,FAILED&size=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(...body.items.map((j: JobSnapshotV1) => j.id));
      expect(body.items.every((j: JobSnapshotV1) => ['COMPLETED', 'FAILED'].includes(j.status))).toBe(true);
      total = body.total;
      cursor = body.nextCursor;
    }
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job WHERE status IN ('COMPLETED', 'FAILED')`);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    expect(total).toBe(n);
  });

  it('answers bad requests with the field, unknown ids with 404 and stale versions with 409 and the current version', async () => {
    const { body: job } = await http.post('/jobs', { userId: userIds[1], type: 'IMAGE_BUILD', projectName: 'errors' });

    const bad = await http.post('/jobs', { userId: 'nope', type: 'IMAGE_BUILD', projectName: 'x', surprise: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['surprise', 'userId']);

    const missing = await http.get('/jobs/01900000-0000-7000-8000-000000000000');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await http.get('/jobs/not-a-uuid')).status).toBe(400);

    expect((await http.patch(`/jobs/${job.id}/status`, { status: 'RUNNING', expectedVersion: 1 })).status).toBe(200);
    const stale = await http.patch(`/jobs/${job.id}/status`, { status: 'CANCELLED', expectedVersion: 1 });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'VERSION_CONFLICT', details: { currentVersion: 2 } } } });

    const illegal = await http.patch(`/jobs/${job.id}/status`, { status: 'PENDING' });
    expect(illegal).toMatchObject({ status: 409, body: { error: { code: 'ILLEGAL_TRANSITION', details: { currentStatus: 'RUNNING' } } } });

    const unknownUser = await http.post('/jobs', { userId: '01900000-0000-7000-8000-000000000000', type: 'IMAGE_BUILD', projectName: 'x' });
    expect(unknownUser).toMatchObject({ status: 400, body: { error: { details: { fields: [{ field: 'userId' }] } } } });

    const duplicateEmail = await http.post('/users', { email: 'user1@example.com', name: 'Again' });
    expect(duplicateEmail.status).toBe(409);
  });

  it('reads PostgreSQL for ?consistency=strong, at the version just written', async () => {
    const { body: job } = await http.post('/jobs', { userId: userIds[2], type: 'IMAGE_BUILD', projectName: 'strong' });
    const { body: running } = await http.patch(`/jobs/${job.id}/status`, { status: 'RUNNING' });

    const strong = await http.get(`/jobs/${job.id}?consistency=strong`);

    expect(strong).toMatchObject({ status: 200, body: { id: job.id, status: 'RUNNING', version: running.version } });
    expect((await http.get(`/jobs/${job.id}?consistency=sometimes`)).status).toBe(400);
  });
});
