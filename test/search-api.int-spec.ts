/**
 * @slow five gateways, 2,000 jobs paged while written, read-your-writes (test/sequencer.cjs starts this file first)
 */
import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService } from '@jobstream/commands';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { JOB_TYPES } from '@jobstream/domain';
import { JobSearchResponse } from '@jobstream/job-queries';
import { OutboxWriter } from '@jobstream/persistence';
import { FACET_SIZES, JobFacets } from '@jobstream/search';
import {
  AppProcess,
  createTestEnvironment,
  ES_URL,
  HttpClient,
  inParallel,
  issueTestApiKey,
  OutageProxy,
  TestEnvironment,
  waitFor,
} from '@jobstream/testing';

jest.setTimeout(900_000);

/** Nothing listens here: a second gateway pointed at it always answers from PostgreSQL. */
const DEAD_ES_URL = 'http://127.0.0.1:9';
const PROJECTS = ['backend-api', 'frontend', 'data-pipeline', 'ml-training', 'docs', 'infra', 'mobile-app', 'billing', 'search', 'auth', 'edge', 'etl'];
const ERRORS = ['disk full on /var', 'timeout waiting for registry', 'exit code 137 OOMKilled', 'network unreachable', 'exit code 1'];

type Page = JobSearchResponse;

describe('GET /jobs: search, fallback and read-your-writes', () => {
  let t: TestEnvironment;
  /** This file's services reach Elasticsearch only through it; the test's own client goes straight to the node. */
  let es: OutageProxy;
  const apps: AppProcess[] = [];
  let http: HttpClient;
  /** The same gateway code with no reachable Elasticsearch: PostgreSQL answers everything. */
  let fallback: HttpClient;
  let jobs: JobCommandsService;
  let users: { id: string; email: string }[];
  let workspaces: { id: string; hostname: string; arch: string }[];

  const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(text, params);

  /** Every page of a search, following the cursor. */
  async function pageAll(client: HttpClient, params: string, size = 100): Promise<{ ids: string[]; first: Page }> {
    const ids: string[] = [];
    let first: Page | undefined;
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: Page } = await client.get<Page>(`/jobs?${params}&size=${size}${cursor ? `&cursor=${cursor}` : ''}`);
      if (status !== 200) throw new Error(`GET /jobs?${params} answered ${status}: ${JSON.stringify(body)}`);
      first ??= body;
      ids.push(...body.items.map((job) => job.id));
      cursor = body.nextCursor;
    } while (cursor);
    return { ids, first: first! };
  }

  /** The facets as the test computes them in SQL, independently of the fallback's code. */
  async function expectedFacets(where: string, params: unknown[]): Promise<JobFacets> {
    const facet = async (column: string, size: number) =>
      (
        await sql<{ value: string; count: number }>(
          `SELECT ${column} AS value, count(*)::int AS count FROM job WHERE (${where}) AND ${column} IS NOT NULL
            GROUP BY 1 ORDER BY 2 DESC, ${column} COLLATE "C" LIMIT ${size}`,
          params,
        )
      ).map((row) => ({ value: row.value, count: row.count }));
    return {
      status: await facet('status', FACET_SIZES.status),
      type: await facet('type', FACET_SIZES.type),
      arch: await facet('arch', FACET_SIZES.arch),
      projectName: await facet('project_name', FACET_SIZES.projectName),
    };
  }

  async function waitUntilIndexed(): Promise<void> {
    await waitFor(async () => (await sql(`SELECT count(*)::int AS n FROM job WHERE es_sync_version IS DISTINCT FROM version`))[0].n === 0, {
      what: 'every job indexed at its version',
      timeoutMs: 300_000,
      intervalMs: 500,
    });
    await t.search.client.indices.refresh({ index: t.search.alias });
  }

  let key: string;

  beforeAll(async () => {
    t = await createTestEnvironment('searchapi');
    es = await OutageProxy.start(ES_URL);
    const env = { ...t.env, ES_URL: es.url };
    apps.push(await AppProcess.start('job-writer', env));
    apps.push(...(await Promise.all((['outbox-relay', 'indexer'] as const).map((name) => AppProcess.start(name, env)))));
    // A generous search timeout: a loaded machine must not turn an Elasticsearch answer into a fallback.
    const gateway = await AppProcess.start('gateway', { ...env, SEARCH_BREAKER_RESET_MS: '1000', SEARCH_TIMEOUT_MS: '5000' });
    const deadGateway = await AppProcess.start('gateway', { ...t.env, ES_URL: DEAD_ES_URL });
    apps.push(gateway, deadGateway);
    key = (await issueTestApiKey(t.db.dataSource, 'admin')).key;
    http = new HttpClient(gateway.url, key);
    fallback = new HttpClient(deadGateway.url, key);
    jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());

    users = [];
    for (const i of [1, 2, 3, 4]) {
      const { status, body } = await http.post('/users', { email: `searcher${i}@example.com`, name: `Searcher ${i}` });
      expect(status).toBe(201);
      users.push(body);
    }
    workspaces = [];
    for (const [i, arch] of ['arm64', 'amd64', 'arm64'].entries()) {
      const { status, body } = await http.post('/workspaces', { userId: users[i].id, projectName: PROJECTS[i], arch, hostname: `worker-0${i + 1}` });
      expect(status).toBe(201);
      workspaces.push(body);
    }

    // A few hundred varied jobs: owners, workspaces, hosts, arches, metadata, every status, error messages.
    await inParallel(Array.from({ length: 360 }, (_, i) => i), 10, async (i) => {
      const workspace = i % 3 === 0 ? workspaces[Math.floor(i / 3) % workspaces.length] : undefined;
      const job = await jobs.create({
        userId: users[i % users.length].id,
        workspaceId: workspace?.id,
        type: JOB_TYPES[i % JOB_TYPES.length],
        projectName: PROJECTS[(i * 7) % PROJECTS.length],
        ...(i % 5 === 1 ? { hostname: `build-${i % 4}` } : {}),
        ...(i % 4 === 2 ? { arch: i % 8 === 2 ? 'riscv64' : 'amd64' } : {}),
        ...(i % 9 === 0 ? {} : { metadata: { env: ['prod', 'staging', 'dev'][i % 3], retries: i % 4, canary: i % 7 === 0, ...(i % 11 === 0 ? { note: null } : {}) } }),
      }, SYSTEM_ACTOR);
      const step = i % 6;
      if (step === 0) return;
      if (step === 4) return void (await jobs.transition({ id: job.id, status: 'CANCELLED' }, SYSTEM_ACTOR));
      await jobs.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR);
      if (step === 1) return;
      const status = step === 3 ? 'FAILED' : 'COMPLETED';
      await jobs.transition({ id: job.id, status, ...(status === 'FAILED' ? { errorMessage: ERRORS[i % ERRORS.length] } : {}) }, SYSTEM_ACTOR);
    });
    await waitUntilIndexed();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await es?.close();
    await t?.teardown();
  });

  it('answers each filter, each sort and the facets exactly as the same question asked of PostgreSQL, from either store', async () => {
    const [{ mid: createdMid, late: createdLate }] = await sql(
      `SELECT to_json(percentile_disc(0.3) WITHIN GROUP (ORDER BY created_at)) #>> '{}' AS mid,
              to_json(percentile_disc(0.8) WITHIN GROUP (ORDER BY created_at)) #>> '{}' AS late FROM job`,
    );
    const [{ mid: updatedMid }] = await sql(`SELECT to_json(percentile_disc(0.5) WITHIN GROUP (ORDER BY updated_at)) #>> '{}' AS mid FROM job`);
    const [{ from: completedFrom, to: completedTo }] = await sql(
      `SELECT to_json(percentile_disc(0.2) WITHIN GROUP (ORDER BY completed_at)) #>> '{}' AS from,
              to_json(percentile_disc(0.7) WITHIN GROUP (ORDER BY completed_at)) #>> '{}' AS to FROM job WHERE completed_at IS NOT NULL`,
    );
    const iso = (value: string) => new Date(value).toISOString();
    const word = (w: string) => `(coalesce(error_message, '') || ' ' || project_name) ~* '\\m${w}\\M'`;
    const cases: [string, string, unknown[]][] = [
      ['', 'TRUE', []],
      ['status=FAILED,CANCELLED', `status IN ('FAILED', 'CANCELLED')`, []],
      ['type=IMAGE_BUILD&type=WORKSPACE_START', `type IN ('IMAGE_BUILD', 'WORKSPACE_START')`, []],
      [`userId=${users[1].id}`, 'user_id = $1', [users[1].id]],
      [`userEmail=${encodeURIComponent(users[2].email)}`, 'user_email = $1', [users[2].email]],
      [`workspaceId=${workspaces[0].id}`, 'workspace_id = $1', [workspaces[0].id]],
      ['projectName=backend-api', `project_name = 'backend-api'`, []],
      ['hostname=worker-02', `hostname = 'worker-02'`, []],
      ['hostname=build-3', `hostname = 'build-3'`, []],
      ['arch=arm64', `arch = 'arm64'`, []],
      [`createdFrom=${iso(createdMid)}&createdTo=${iso(createdLate)}`, 'created_at >= $1 AND created_at < $2', [createdMid, createdLate]],
      [`updatedFrom=${iso(updatedMid)}`, 'updated_at >= $1', [updatedMid]],
      [`completedFrom=${iso(completedFrom)}&completedTo=${iso(completedTo)}`, 'completed_at >= $1 AND completed_at < $2', [completedFrom, completedTo]],
      ['metadata=env:prod', `metadata->>'env' = 'prod'`, []],
      ['metadata=env:staging&metadata=retries:2', `metadata->>'env' = 'staging' AND metadata->'retries' = '2'::jsonb`, []],
      ['metadata=canary:true', `metadata->'canary' = 'true'::jsonb`, []],
      ['metadata=note:null', `metadata ? 'note' AND metadata->'note' = 'null'::jsonb`, []],
      ['q=disk', word('disk'), []],
      ['q=exit%20137', `${word('exit')} AND ${word('137')}`, []],
      ['q=BACKEND', word('backend'), []],
      ['q=%22registry%22%20OR%20*', `FALSE`, []],
      ['status=COMPLETED,FAILED&arch=amd64&metadata=env:prod', `status IN ('COMPLETED', 'FAILED') AND arch = 'amd64' AND metadata->>'env' = 'prod'`, []],
      [`userId=${users[0].id}&type=IMAGE_BUILD,WORKSPACE_CREATE`, `user_id = $1 AND type IN ('IMAGE_BUILD', 'WORKSPACE_CREATE')`, [users[0].id]],
    ];
    const sorts: [string, string][] = [
      ['', 'created_at DESC, id DESC'],
      ['&sort=createdAt&order=asc', 'created_at ASC, id ASC'],
      ['&sort=updatedAt&order=desc', 'updated_at DESC, id DESC'],
      ['&sort=completedAt&order=desc', 'completed_at DESC NULLS LAST, id DESC'],
      ['&sort=completedAt&order=asc', 'completed_at ASC NULLS LAST, id ASC'],
    ];
    let compared = 0;
    for (const [params, where, values] of cases) {
      const facets = await expectedFacets(where, values);
      const total = facets.status.reduce((sum, bucket) => sum + bucket.count, 0);
      // Every sort for a few cases, the default sort for the rest.
      for (const [sortParams, orderBy] of params === '' || params.startsWith('status=FAILED') || params.startsWith('metadata=env:prod') ? sorts : sorts.slice(0, 1)) {
        const expected = (await sql<{ id: string }>(`SELECT id FROM job WHERE ${where} ORDER BY ${orderBy}`, values)).map((row) => row.id);
        for (const [client, source] of [
          [http, 'elasticsearch'],
          [fallback, 'postgres'],
        ] as const) {
          const { ids, first } = await pageAll(client, `${params}${sortParams}`, 37);
          expect({ params: `${params}${sortParams}`, source: first.source, ids }).toEqual({ params: `${params}${sortParams}`, source, ids: expected });
          expect({ params, source, total: first.total, facets: first.facets }).toEqual({ params, source, total, facets });
          compared++;
        }
      }
    }
    console.log(`search-api: ${compared} searches (${cases.length} filters) equal to PostgreSQL's answer, from Elasticsearch and from the fallback`);
    const nonEmpty = await Promise.all(cases.map(async ([, where, values]) => (await sql(`SELECT count(*)::int AS n FROM job WHERE ${where}`, values))[0].n));
    expect(nonEmpty.filter((n) => n === 0)).toHaveLength(1); // only the quoted "query syntax" matches nothing
  });

  it('pages through 2,000 jobs, 50 a page, while jobs are created and change status, with no duplicates and no gaps', async () => {
    const user = users[3];
    await inParallel(Array.from({ length: 2_000 }, (_, i) => i), 10, (i) =>
      jobs.create({ userId: user.id, type: JOB_TYPES[i % JOB_TYPES.length], projectName: `paging-${i % 10}` }, SYSTEM_ACTOR),
    );
    await waitUntilIndexed();
    const existing = new Set((await sql<{ id: string }>(`SELECT id FROM job`)).map((row) => row.id));
    const pending = (await sql<{ id: string }>(`SELECT id FROM job WHERE status = 'PENDING' ORDER BY random()`)).map((row) => row.id);

    let writing = true;
    let writes = 0;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        if (i % 2 === 0) await jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: 'during-paging' }, SYSTEM_ACTOR);
        else if (pending.length > 0) await jobs.transition({ id: pending.pop()!, status: i % 3 === 0 ? 'CANCELLED' : 'RUNNING' }, SYSTEM_ACTOR);
        writes++;
      }
    })();
    try {
      // createdAt never moves; updatedAt moves with every status change, so its pages read one point in time.
      const [es, byUpdate, pg] = await Promise.all([
        pageAll(http, 'sort=createdAt&order=desc', 50),
        pageAll(http, 'sort=updatedAt&order=desc', 50),
        pageAll(fallback, 'sort=createdAt&order=asc', 50),
      ]);
      expect(JSON.parse(Buffer.from(byUpdate.first.nextCursor!, 'base64url').toString()).p).toEqual(expect.any(String));
      for (const { ids } of [es, byUpdate, pg]) {
        const seen = new Set(ids);
        expect(ids.length - seen.size).toBe(0);
        expect([...existing].filter((id) => !seen.has(id))).toEqual([]);
      }
      console.log(
        `search-api: paged ${existing.size} existing jobs (Elasticsearch by createdAt saw ${es.ids.length}, by updatedAt ${byUpdate.ids.length}, PostgreSQL ${pg.ids.length}) during ${writes} writes: 0 duplicates, 0 gaps`,
      );
    } finally {
      writing = false;
      await writer;
    }
    expect(writes).toBeGreaterThan(50);
  });

  it('leaves the facets out, not the answer, when PostgreSQL cannot count them in time', async () => {
    const impatient = await AppProcess.start('gateway', { ...t.env, ES_URL: DEAD_ES_URL, FALLBACK_FACETS_TIMEOUT_MS: '1' });
    try {
      const { status, body } = await new HttpClient(impatient.url, key).get<Page>('/jobs?size=5');
      expect(status).toBe(200);
      expect(body).toMatchObject({ source: 'postgres', facets: null, total: null, facetsUnavailable: true });
      expect(body.items).toHaveLength(5);
    } finally {
      await impatient.stop();
    }
  });

  it('finds a job in its new state when searched with the version its write returned, every time', async () => {
    const waits: number[] = [];
    let exceeded = 0;
    const search = async (params: string, id: string, version: number) => {
      const { status, body } = await http.get<Page>(`/jobs?${params}&minVersion=${id}:${version}`);
      expect(status).toBe(200);
      waits.push(body.consistency!.waitedMs);
      if (body.consistency!.boundExceeded) exceeded++;
      return body;
    };
    for (let i = 0; i < 30; i++) {
      const created = await http.post('/jobs', { userId: users[i % 4].id, type: 'IMAGE_BUILD', projectName: `ryw-${i}` });
      expect(created.status).toBe(201);
      const job: JobSnapshotV1 = created.body;
      expect((await search(`projectName=ryw-${i}`, job.id, job.version)).items.map((j) => [j.id, j.status])).toEqual([[job.id, 'PENDING']]);

      const running = (await http.patch(`/jobs/${job.id}/status`, { status: 'RUNNING', expectedVersion: job.version })).body as JobSnapshotV1;
      const found = await search(`projectName=ryw-${i}&status=RUNNING`, job.id, running.version);
      expect(found.items.map((j) => [j.id, j.status, j.version])).toEqual([[job.id, 'RUNNING', running.version]]);

      const done = (await http.patch(`/jobs/${job.id}/status`, { status: 'FAILED', expectedVersion: running.version, errorMessage: `ryw failure ${i}` }))
        .body as JobSnapshotV1;
      const failed = await search(`q=ryw%20failure%20${i}&status=FAILED`, job.id, done.version);
      expect(failed.items.map((j) => [j.id, j.status])).toEqual([[job.id, 'FAILED']]);
      expect(failed.facets!.status).toEqual([{ value: 'FAILED', count: 1 }]);

      const response = await http.get(`/jobs/${job.id}?minVersion=${done.version}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: job.id, status: 'FAILED', version: done.version });
      expect(response.headers.get('x-consistency-waited-ms')).toMatch(/^\d+$/);
    }
    const sorted = [...waits].sort((a, b) => a - b);
    console.log(
      `search-api: read-your-writes ${waits.length} searches, waited ms p50 ${sorted[Math.floor(sorted.length / 2)]}, p90 ${sorted[Math.floor(sorted.length * 0.9)]}, max ${sorted.at(-1)}, bound exceeded ${exceeded}`,
    );
  });

  it('answers bad parameters with a 400 naming the field', async () => {
    const { body: page } = await http.get<Page>('/jobs?size=1');
    const field = async (path: string) => {
      const { status, body } = await http.get(path);
      return { status, fields: body?.error?.details?.fields?.map((f: { field: string }) => f.field) };
    };
    expect(await field('/jobs?sort=name')).toEqual({ status: 400, fields: ['sort'] });
    expect(await field('/jobs?order=up')).toEqual({ status: 400, fields: ['order'] });
    expect(await field('/jobs?cursor=garbage')).toEqual({ status: 400, fields: ['cursor'] });
    expect(await field(`/jobs?sort=updatedAt&cursor=${page.nextCursor}`)).toEqual({ status: 400, fields: ['cursor'] });
    expect(await field('/jobs?size=1000')).toEqual({ status: 400, fields: ['size'] });
    expect(await field('/jobs?createdFrom=yesterday')).toEqual({ status: 400, fields: ['createdFrom'] });
    expect(await field('/jobs?completedTo=2024-13-45T00:00:00Z')).toEqual({ status: 400, fields: ['completedTo'] });
    expect(await field('/jobs?status=DONE')).toEqual({ status: 400, fields: ['status'] });
    expect(await field('/jobs?metadata=novalue')).toEqual({ status: 400, fields: ['metadata'] });
    expect(await field('/jobs?minVersion=abc')).toEqual({ status: 400, fields: ['minVersion'] });
    expect(await field('/jobs?surprise=1')).toEqual({ status: 400, fields: ['surprise'] });
    expect(await field(`/jobs/${page.items[0].id}?minVersion=0`)).toEqual({ status: 400, fields: ['minVersion'] });
  });

  it('answers from PostgreSQL while Elasticsearch is out of reach, and from Elasticsearch again once it is back', async () => {
    const [{ id, created }] = await sql(`SELECT id, to_json(created_at) #>> '{}' AS created FROM job ORDER BY created_at DESC LIMIT 1`);
    const queries = [
      'status=RUNNING',
      `userId=${users[0].id}`,
      'projectName=backend-api',
      `createdFrom=${new Date(Date.parse(created) - 60_000).toISOString()}&createdTo=${new Date(Date.parse(created) + 1).toISOString()}`,
      'status=FAILED&projectName=docs&sort=completedAt',
    ];
    const timed = async (path: string) => {
      const started = performance.now();
      const response = await http.get(path);
      return { ms: performance.now() - started, status: response.status, source: response.headers.get('x-read-source'), body: response.body };
    };
    const latencies: number[] = [];
    es.cut();
    try {
      expect(await fetch(`${es.url}/_cluster/health`).then(() => 'up', () => 'down')).toBe('down');
      const until = Date.now() + 8_000;
      for (let i = 0; Date.now() < until; i++) {
        const path = i % 6 === 5 ? `/jobs/${id}` : `/jobs?${queries[i % queries.length]}`;
        const answer = await timed(path);
        latencies.push(answer.ms);
        expect({ path, status: answer.status, source: answer.source }).toEqual({ path, status: 200, source: 'postgres' });
        if (!path.startsWith('/jobs/')) expect(answer.body.source).toBe('postgres');
      }
    } finally {
      es.restore();
    }
    console.log(
      `search-api: ${latencies.length} reads with Elasticsearch cut off, all from PostgreSQL: first ${latencies[0].toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
    );
    const back = Date.now();
    await waitFor(async () => (await http.get<Page>('/jobs?status=RUNNING')).body.source === 'elasticsearch', { what: 'searches from Elasticsearch again', timeoutMs: 60_000 });
    console.log(`search-api: searches from Elasticsearch again ${Date.now() - back} ms after the outage ended`);
  });
});
