import { JobSnapshotV1, WRITER_COMMANDS } from '@jobstream/contracts';
import { AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, TestEnvironment, waitFor } from '@jobstream/testing';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(180_000);

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

interface ItemAnswer {
  status: number;
  job?: JobSnapshotV1;
  error?: { code: string; message: string; details?: { fields?: { field: string }[]; currentVersion?: number } };
}

/**
 * Bulk writes on the real services: up to 1,000 items per request or command, answered item by
 * item in request order like Elasticsearch's `_bulk`; one bad item never fails the others, and
 * every job written commits with its own event and audit row.
 */
describe('bulk writes over HTTP and AMQP', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let http: HttpClient;
  let amqp: ClientProxy;
  let userId: string;
  let deletedWorkspaceId: string;

  const job = (change: Record<string, unknown> = {}) => ({ id: uuidv7(), userId, type: 'IMAGE_BUILD', projectName: 'bulk', ...change });
  const fieldsOf = (answer: ItemAnswer) => answer.error?.details?.fields?.map((f) => f.field);
  /** Per id, in order: its job rows, outbox rows and audit rows. */
  const writesOf = (ids: string[]): Promise<{ jobs: number; events: number; audits: number }[]> =>
    t.db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM job j WHERE j.id = i.id) AS jobs,
              (SELECT count(*)::int FROM outbox o WHERE o.aggregate_id = i.id) AS events,
              (SELECT count(*)::int FROM audit_logs a WHERE a.entity_id = i.id) AS audits
         FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, n) ORDER BY n`,
      [ids],
    );
  const send = <T>(pattern: string, data: object): Promise<T> => firstValueFrom(amqp.send<T>(pattern, data).pipe(timeout(30_000)));

  beforeAll(async () => {
    t = await createTestEnvironment('bulk');
    apps = await Promise.all((['job-writer', 'outbox-relay', 'indexer', 'gateway'] as const).map((name) => AppProcess.start(name, t.env)));
    http = new HttpClient(apps[3].url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    userId = (await http.post('/users', { email: 'bulk@example.com', name: 'Bulk' })).body.id;
    deletedWorkspaceId = (await http.post('/workspaces', { userId, projectName: 'gone', arch: 'amd64' })).body.id;
    expect((await http.delete(`/workspaces/${deletedWorkspaceId}`)).status).toBe(200);
    amqp = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [t.vhost.url], queue: 'job-writer.commands', queueOptions: { durable: true }, persistent: true },
    });
  });

  afterAll(async () => {
    await amqp?.close();
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  it('creates 1,000 jobs in one POST, answered in order, all searchable at version 1', async () => {
    // About 300 kB: over the global body limit, within the bulk routes' own.
    const items = Array.from({ length: 1_000 }, (_, i) => job({ projectName: `bulk-${i % 10}`, metadata: { seq: i, note: 'n'.repeat(200) } }));
    const ids = items.map((item) => item.id);

    const response = await http.post<{ items: ItemAnswer[] }>('/jobs/bulk', { items });

    expect(response.status).toBe(200);
    expect(response.body.items.map((answer) => [answer.status, answer.job?.id, answer.job?.version])).toEqual(ids.map((id) => [201, id, 1]));
    await waitFor(async () => {
      const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job WHERE id = ANY($1::uuid[]) AND version = 1 AND es_sync_version = version`, [ids]);
      return n === ids.length;
    }, { what: '1,000 jobs synced at version 1', timeoutMs: 60_000 });
    await waitFor(async () => (await t.search.client.count({ index: t.search.alias, query: { ids: { values: ids } } })).count === ids.length, {
      what: '1,000 documents in Elasticsearch',
    });
  });

  it('answers a mix item by item: the good ones created with one event and one audit row each, the bad ones nothing', async () => {
    const repeated = job({ projectName: 'repeated' });
    const items = [
      job({ projectName: 'good-0' }),
      job({ projectName: 'nul\u0000name' }),
      job({ metadata: { log: 'x'.repeat(5_000) } }),
      job({ userId: UNKNOWN_ID }),
      job({ workspaceId: deletedWorkspaceId }),
      repeated,
      { ...repeated, projectName: 'repeated again' },
      job({ projectName: 'good-7', correlationId: 'not for HTTP' }),
      job({ projectName: 'good-8' }),
    ];

    const response = await http.post<{ items: ItemAnswer[] }>('/jobs/bulk', { items });

    expect(response.status).toBe(200);
    const answers = response.body.items;
    expect(answers.map((answer) => answer.status)).toEqual([201, 400, 400, 400, 400, 201, 200, 400, 201]);
    expect(answers.slice(1, 5).map((answer) => answer.error?.code)).toEqual(['VALIDATION', 'VALIDATION', 'VALIDATION', 'VALIDATION']);
    expect(fieldsOf(answers[1])).toEqual(['items[1].projectName']);
    expect(fieldsOf(answers[2])).toEqual(['items[2].metadata']);
    expect(answers[3].error).toMatchObject({ message: expect.stringMatching(/does not exist/), details: { fields: [{ field: 'userId' }] } });
    expect(answers[4].error).toMatchObject({ message: expect.stringMatching(/is deleted/), details: { fields: [{ field: 'workspaceId' }] } });
    expect(fieldsOf(answers[7])).toEqual(['items[7].correlationId']);
    expect(answers[6].job).toEqual(answers[5].job);
    expect(answers[5].job).toMatchObject({ id: repeated.id, projectName: 'repeated', version: 1 });

    const good = [0, 5, 8].map((i) => items[i].id);
    const bad = [1, 2, 3, 4, 7].map((i) => items[i].id);
    expect(await writesOf(good)).toEqual(good.map(() => ({ jobs: 1, events: 1, audits: 1 })));
    expect(await writesOf(bad)).toEqual(bad.map(() => ({ jobs: 0, events: 0, audits: 0 })));

    // A retry of the same request (same ids) creates nothing new: the existing jobs, 200.
    const retried = await http.post<{ items: ItemAnswer[] }>('/jobs/bulk', { items });

    expect(retried.body.items.map((answer) => answer.status)).toEqual([200, 400, 400, 400, 400, 200, 200, 400, 200]);
    expect([0, 5, 8].map((i) => retried.body.items[i].job)).toEqual([0, 5, 8].map((i) => answers[i].job));
    expect(await writesOf(good)).toEqual(good.map(() => ({ jobs: 1, events: 1, audits: 1 })));
  });

  it('changes statuses item by item: a stale version, an illegal transition and an unknown job refused alone', async () => {
    const created = await http.post<{ items: ItemAnswer[] }>('/jobs/bulk', { items: Array.from({ length: 5 }, () => job({ projectName: 'transitions' })) });
    const [a, b, c, d, e] = created.body.items.map((answer) => answer.job!.id);

    const response = await http.patch<{ items: ItemAnswer[] }>('/jobs/bulk/status', {
      items: [
        { id: a, status: 'RUNNING', expectedVersion: 1 },
        { id: b, status: 'RUNNING', expectedVersion: 2 },
        { id: c, status: 'COMPLETED' },
        { id: UNKNOWN_ID, status: 'RUNNING' },
        { id: d, status: 'SLEEPING' },
        { id: e, status: 'RUNNING' },
        { id: e, status: 'FAILED', errorMessage: 'out of disk', expectedVersion: 2 },
        { id: d, status: 'CANCELLED' },
      ],
    });

    expect(response.status).toBe(200);
    const answers = response.body.items;
    expect(answers.map((answer) => answer.status)).toEqual([200, 409, 409, 404, 400, 200, 200, 200]);
    expect(answers[0].job).toMatchObject({ id: a, status: 'RUNNING', version: 2 });
    expect(answers[1].error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 1 } });
    expect(answers[2].error).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { currentStatus: 'PENDING' } });
    expect(answers[3].error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'job', id: UNKNOWN_ID } });
    expect(fieldsOf(answers[4])).toEqual(['items[4].status']);
    // Items naming one job apply in request order.
    expect(answers[5].job).toMatchObject({ id: e, status: 'RUNNING', version: 2 });
    expect(answers[6].job).toMatchObject({ id: e, status: 'FAILED', errorMessage: 'out of disk', version: 3 });
    expect(answers[7].job).toMatchObject({ id: d, status: 'CANCELLED', version: 2 });
    // One event and one audit row per write: the creation, then each status change.
    expect(await writesOf([a, b, c, d, e])).toEqual([
      { jobs: 1, events: 2, audits: 2 },
      { jobs: 1, events: 1, audits: 1 },
      { jobs: 1, events: 1, audits: 1 },
      { jobs: 1, events: 2, audits: 2 },
      { jobs: 1, events: 3, audits: 3 },
    ]);
    await waitFor(async () => (await t.search.client.get<{ status: string }>({ index: t.search.alias, id: e }).catch(() => undefined))?._version === 3, {
      what: 'the failed job at version 3 in Elasticsearch',
    });
  });

  it('answers the same over AMQP: job.create-many and job.transition-many reply per item', async () => {
    const repeated = job({ projectName: 'amqp-repeated' });
    const items = [job({ projectName: 'amqp-0', correlationId: 'bulk-amqp' }), job({ projectName: 'nul\u0000name' }), job({ userId: UNKNOWN_ID }), repeated, repeated];

    const reply = await send<{ items: { job?: JobSnapshotV1; created?: boolean; error?: ItemAnswer['error'] }[] }>(WRITER_COMMANDS.createJobs, { items });

    expect(reply.items.map((item) => item.created ?? item.error?.code)).toEqual([true, 'VALIDATION', 'VALIDATION', true, false]);
    expect(reply.items[0].job).toMatchObject({ id: items[0].id, projectName: 'amqp-0', version: 1 });
    expect(reply.items[1].error?.details?.fields?.map((f) => f.field)).toEqual(['items[1].projectName']);
    expect(reply.items[4].job).toEqual(reply.items[3].job);
    const [{ correlation_id }] = await t.db.dataSource.query(`SELECT correlation_id FROM outbox WHERE aggregate_id = $1`, [items[0].id]);
    expect(correlation_id).toBe('bulk-amqp');
    expect(await writesOf([items[1].id, items[2].id])).toEqual([
      { jobs: 0, events: 0, audits: 0 },
      { jobs: 0, events: 0, audits: 0 },
    ]);

    const changed = await send<{ items: { job?: JobSnapshotV1; error?: ItemAnswer['error'] }[] }>(WRITER_COMMANDS.transitionJobs, {
      items: [
        { id: items[0].id, status: 'RUNNING', expectedVersion: 1 },
        { id: repeated.id, status: 'RUNNING', expectedVersion: 7 },
        { id: UNKNOWN_ID, status: 'RUNNING' },
        { id: items[0].id, status: 'COMPLETED' },
      ],
    });

    expect(changed.items.map((item) => item.job?.version ?? item.error?.code)).toEqual([2, 'VERSION_CONFLICT', 'NOT_FOUND', 3]);
    expect(changed.items[1].error?.details?.currentVersion).toBe(1);

    // Only a command that is no `{ items: [...] }` of 1 to 1,000 fails as a whole.
    for (const command of [{ items: [] }, { items: Array.from({ length: 1_001 }, () => job()) }, { jobs: [job()] }]) {
      await expect(send(WRITER_COMMANDS.createJobs, command)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/\bitems\b/) });
    }
  });

  it('describes the bulk bodies and answers in the OpenAPI document', async () => {
    const { body: document } = await http.get('/docs-json');
    const schema = (name: string) => document.components.schemas[name];
    const refOf = (content: any) => content['application/json'].schema.$ref.replace('#/components/schemas/', '');

    expect(refOf(document.paths['/jobs/bulk'].post.requestBody.content)).toBe('CreateJobsBody');
    expect(refOf(document.paths['/jobs/bulk/status'].patch.requestBody.content)).toBe('TransitionJobsBody');
    expect(schema('CreateJobsBody').properties.items).toMatchObject({ type: 'array', minItems: 1, maxItems: 1_000, items: { $ref: '#/components/schemas/CreateJobBody' } });
    expect(schema('TransitionJobsBody').properties.items.items).toEqual({ $ref: '#/components/schemas/TransitionJobItemBody' });
    expect(schema('TransitionJobItemBody').required).toEqual(expect.arrayContaining(['id', 'status']));
    for (const operation of [document.paths['/jobs/bulk'].post, document.paths['/jobs/bulk/status'].patch]) {
      expect(refOf(operation.responses['200'].content)).toBe('JobBulkResponse');
      expect(refOf(operation.responses['413'].content)).toBe('ErrorResponse');
    }
    expect(schema('JobBulkItemResponse').properties).toMatchObject({
      status: { type: 'number' },
      job: { $ref: '#/components/schemas/JobSnapshotV1' },
      error: { allOf: [{ $ref: '#/components/schemas/ErrorBodyDto' }] },
    });
  });

  it('refuses a body over the bulk limit with 413, and over 1,000 items or not `{ items }` with a plain 400', async () => {
    const tooLarge = await http.post('/jobs/bulk', { items: [job({ metadata: { log: 'x'.repeat(17 * 1024 * 1024) } })] });

    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'the request body is over the limit of 16777216 bytes' });
    // The other routes keep the global limit.
    expect((await http.post('/jobs', job({ metadata: { log: 'x'.repeat(200_000) } }))).status).toBe(413);

    const tooMany = await http.post('/jobs/bulk', { items: Array.from({ length: 1_001 }, () => job()) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'VALIDATION', details: { fields: [{ field: 'items' }] } });
    for (const body of [{ items: [] }, { jobs: [job()] }, [job()], { items: job() }]) {
      const response = await http.patch('/jobs/bulk/status', body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION' });
    }
  });
});
