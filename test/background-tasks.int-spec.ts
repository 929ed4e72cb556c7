import { pgPageQuery } from '@jobstream/job-queries';
import { AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, TestApiKey, TestEnvironment, waitFor } from '@jobstream/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(300_000);

const JOBS = 20_000;
const TENANTS = 500;
const CLI = join(__dirname, '../dist/apps/cli/src/main.js');
const run = promisify(execFile);

/** Every node of an EXPLAIN (FORMAT JSON) plan, depth first. */
const planNodes = (node: Record<string, any>): Record<string, any>[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describe('background tasks and the metadata index', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let admin: TestApiKey;
  let http: HttpClient;
  let viewer: HttpClient;

  const sql = (text: string, params: unknown[] = []) => t.db.dataSource.query(text, params);
  /** Polls the task every ~50 ms through the gateway until it ends; answers its last state and every progress seen. */
  async function watch(id: string): Promise<{ task: any; progress: number[] }> {
    const progress: number[] = [];
    const task = await waitFor(
      async () => {
        const { status, body } = await viewer.get(`/tasks/${id}`);
        expect(status).toBe(200);
        progress.push(body.progress);
        return ['COMPLETED', 'FAILED'].includes(body.status) && body;
      },
      { intervalMs: 50, timeoutMs: 240_000, what: `task ${id} to end` },
    );
    return { task, progress };
  }

  beforeAll(async () => {
    t = await createTestEnvironment('tasks');
    // Hourly cleanups would be REPAIR tasks of their own here; the test starts the runs it watches.
    const env = { ...t.env, TASK_POLL_INTERVAL_MS: '200', CLEANUP_INTERVAL_MS: '0' };
    const writer = await AppProcess.start('job-writer', env);
    apps = [writer, ...(await Promise.all((['outbox-relay', 'indexer', 'gateway'] as const).map((name) => AppProcess.start(name, env))))];
    admin = await issueTestApiKey(t.db.dataSource, 'admin');
    http = new HttpClient(apps[3].url, admin.key);
    viewer = http.withKey((await issueTestApiKey(t.db.dataSource, 'viewer')).key);
    const owner = (await http.post('/users', { email: 'bulk@example.com', name: 'Bulk' })).body;
    // Many jobs at once, straight into the table and marked synced (the reconciler leaves them be):
    // the reindex below is what puts them into Elasticsearch.
    await sql(
      `INSERT INTO job (id, user_id, user_email, status, type, project_name, metadata, version, es_synced_at, es_sync_version)
       SELECT gen_random_uuid(), $1, 'bulk@example.com', 'PENDING', 'IMAGE_BUILD', 'bulk-' || (i % 20),
              jsonb_build_object('tenant', 't-' || (i % ${TENANTS}), 'retries', i % 5, 'canary', i % 2 = 0), 1, now(), 1
         FROM generate_series(1, ${JOBS}) AS i`,
      [owner.id],
    );
    await sql(`ANALYZE job`);
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  it('serves the PostgreSQL fallback’s metadata filter from the GIN index, with the same matches as before', async () => {
    const query = pgPageQuery({ sort: { field: 'createdAt', order: 'desc' }, size: 20, metadata: [{ key: 'tenant', value: 't-42' }] });

    const [{ 'QUERY PLAN': [plan] }] = await sql(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);

    expect(planNodes(plan.Plan).map((node) => node['Index Name']).filter(Boolean)).toContain('idx_job_metadata');
    const filtered = pgPageQuery({ sort: { field: 'createdAt', order: 'desc' }, size: 100, metadata: [{ key: 'retries', value: '3' }, { key: 'canary', value: 'true' }] });
    const ids = (await sql(filtered.sql, filtered.params)).map((row: { id: string }) => row.id);
    const expected = await sql(
      `SELECT id FROM job WHERE metadata ->> 'retries' = '3' AND metadata ->> 'canary' = 'true' ORDER BY created_at DESC, id DESC LIMIT 101`,
    );
    expect(ids).toEqual(expected.map((row: { id: string }) => row.id));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('shows a reindex’s rising progress through the gateway until it ends COMPLETED with its report', async () => {
    const accepted = await http.post('/tasks', { type: 'REINDEX' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ type: 'REINDEX', status: 'PENDING', progress: 0, createdBy: admin.userId });

    const started = Date.now();
    const { task, progress } = await watch(accepted.body.id);

    const between = [...new Set(progress.filter((p) => p > 0 && p < 100))];
    console.log(`reindex of ${JOBS} jobs: ${Date.now() - started} ms, ${progress.length} polls, progress values between 0 and 100: ${between.join(', ')}`);
    expect(task).toMatchObject({
      status: 'COMPLETED',
      progress: 100,
      attempts: 1,
      errorMessage: null,
      result: { from: `${t.search.alias}_v1`, to: `${t.search.alias}_v2`, backfilled: expect.any(Number) },
    });
    expect(task.result.backfilled).toBeGreaterThanOrEqual(JOBS);
    expect(between.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const { body: page } = await http.get('/jobs?projectName=bulk-7&size=1');
    expect(page).toMatchObject({ source: 'elasticsearch', total: JOBS / 20 });
  });

  it('lists and shows tasks to readers, takes them from admins only, and audits their creation', async () => {
    const listed = await viewer.get('/tasks?type=REINDEX&status=COMPLETED');
    expect(listed.body.items).toEqual([expect.objectContaining({ type: 'REINDEX', status: 'COMPLETED' })]);
    expect((await viewer.post('/tasks', { type: 'REPAIR' })).status).toBe(403);
    const bad = await http.post('/tasks', { type: 'DEFRAGMENT' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['type']);
    expect((await viewer.get(`/tasks/${uuidv7()}`)).status).toBe(404);

    const { body: trail } = await http.get(`/audit?entityType=background-task&entityId=${listed.body.items[0].id}`);
    expect(trail.items).toEqual([expect.objectContaining({ action: 'background-task.create', userId: admin.userId })]);
  });

  it('takes over a task whose worker died (lease expired), and gives one up after too many attempts', async () => {
    const [orphan, hopeless] = [uuidv7(), uuidv7()];
    await sql(
      `INSERT INTO background_tasks (id, type, status, progress, attempts, started_at, locked_until)
       VALUES ($1, 'RECONCILE', 'RUNNING', 40, 1, now() - interval '5 minutes', now() - interval '1 minute'),
              ($2, 'RECONCILE', 'RUNNING', 40, 3, now() - interval '5 minutes', now() - interval '1 minute')`,
      [orphan, hopeless],
    );

    const { task } = await watch(orphan);

    expect(task).toMatchObject({ status: 'COMPLETED', attempts: 2, progress: 100, result: { missing: 0, stale: 0, requeued: 0, unindexable: 0 } });
    expect((await watch(hopeless)).task).toMatchObject({ status: 'FAILED', attempts: 3, errorMessage: expect.stringMatching(/^abandoned/) });
  });

  it('records the CLI’s reconcile and repair runs as tasks of the system', async () => {
    const env = { ...process.env, ...t.env, LOG_LEVEL: 'warn' };
    await run(process.execPath, [CLI, 'reconcile'], { env });
    await run(process.execPath, [CLI, 'check', '--repair', '--range-size', '5000'], { env });

    const { body } = await viewer.get('/tasks?size=100');
    const cli = body.items.filter((task: { type: string; createdBy: string | null }) => task.type !== 'REINDEX' && task.createdBy === null);
    expect(cli).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'RECONCILE', status: 'COMPLETED', payload: { graceMs: 30_000 }, result: expect.objectContaining({ requeued: 0 }) }),
        expect.objectContaining({ type: 'REPAIR', status: 'COMPLETED', progress: 100, result: expect.objectContaining({ jobs: JOBS, missing: 0, orphans: 0 }) }),
      ]),
    );
  });
});
