import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService } from '@jobstream/commands';
import { ConsistencyChecker } from '@jobstream/consistency';
import { METADATA_LIMITS, WRITER_COMMANDS } from '@jobstream/contracts';
import { OutboxWriter } from '@jobstream/persistence';
import { AppProcess, createTestEnvironment, ES_URL, HttpClient, issueTestApiKey, sampleSum, scrape, TestEnvironment, waitFor } from '@jobstream/testing';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstValueFrom, timeout } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(180_000);

const CLI = join(__dirname, '../dist/apps/cli/src/main.js');
const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
};

/**
 * Accepted means searchable: what either store cannot hold is refused at the edge, over HTTP and
 * AMQP alike, naming the field, and nothing is written; what Elasticsearch refuses anyway (a job
 * written behind the API's back) is counted apart from "missing" and not re-sent in a loop.
 */
describe('input both stores can hold', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let gateway: AppProcess;
  let indexer: AppProcess;
  let http: HttpClient;
  let amqp: ClientProxy;
  let jobs: JobCommandsService;
  let userId: string;

  const jobRows = async (id: string) => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job WHERE id = $1`, [id]))[0].n;
  const synced = (id: string) =>
    waitFor(async () => (await t.db.dataSource.query(`SELECT 1 FROM job WHERE id = $1 AND es_sync_version = version`, [id])).length === 1, {
      what: `job ${id} indexed at its version`,
    });

  beforeAll(async () => {
    t = await createTestEnvironment('limits');
    const env = { ...t.env, RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '500' };
    apps = await Promise.all((['job-writer', 'outbox-relay', 'indexer', 'gateway'] as const).map((name) => AppProcess.start(name, env)));
    [, , indexer, gateway] = apps;
    http = new HttpClient(gateway.url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    userId = (await http.post('/users', { email: 'limits@example.com', name: 'Limits' })).body.id;
    amqp = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [t.vhost.url], queue: 'job-writer.commands', queueOptions: { durable: true }, persistent: true },
    });
    jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
  });

  afterAll(async () => {
    await amqp?.close();
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ['a build log in metadata', { metadata: { log: 'x'.repeat(40_000) } }, /^metadata$/],
    ['metadata nested past what Elasticsearch parses', { metadata: nested(1_200) }, /^metadata/],
    ['metadata nested past the limit', { metadata: nested(METADATA_LIMITS.maxDepth + 1) }, /^metadata$/],
    ['a metadata key over the limit', { metadata: { ['k'.repeat(METADATA_LIMITS.maxKeyLength + 1)]: 1 } }, /^metadata$/],
    ['too many metadata keys', { metadata: Object.fromEntries(Array.from({ length: METADATA_LIMITS.maxKeys + 1 }, (_, i) => [`k${i}`, i])) }, /^metadata$/],
    ['NUL in projectName', { projectName: 'a\u0000b' }, /^projectName$/],
    ['NUL in a metadata key', { metadata: { 'a\u0000b': 1 } }, /^metadata\["a\\u0000b"\]$/],
    ['NUL in a metadata value', { metadata: { note: 'a\u0000b' } }, /^metadata\.note$/],
    ['a lone surrogate in hostname', { hostname: 'host\ud800' }, /^hostname$/],
  ];

  it.each(refusals)('refuses %s over HTTP with a 400 naming the field, and writes nothing', async (_, change, field) => {
    const id = uuidv7();

    const response = await http.post('/jobs', { id, userId, type: 'IMAGE_BUILD', projectName: 'limits', ...change });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION');
    expect(response.body.error.details.fields.map((f: { field: string }) => f.field)).toContainEqual(expect.stringMatching(field));
    expect(await jobRows(id)).toBe(0);
  });

  it.each(refusals)('refuses %s over AMQP with a typed VALIDATION reply naming the field', async (_, change, field) => {
    const id = uuidv7();

    const error = await firstValueFrom(
      amqp.send(WRITER_COMMANDS.createJob, { id, userId, type: 'IMAGE_BUILD', projectName: 'limits', ...change }).pipe(timeout(10_000)),
    ).then(
      () => undefined,
      (reply: { code: string; details: { fields: { field: string }[] } }) => reply,
    );

    expect(error?.code).toBe('VALIDATION');
    expect(error!.details.fields.map((f) => f.field)).toContainEqual(expect.stringMatching(field));
    expect(await jobRows(id)).toBe(0);
  });

  it('refuses a correlationId an AMQP property cannot carry, naming it, and writes nothing', async () => {
    // 64 emoji: under 200 characters, but 256 bytes, over the 255 of an AMQP short string.
    for (const correlationId of ['\u{1F600}'.repeat(64), 'has space', 'c'.repeat(129)]) {
      const id = uuidv7();

      const error = await firstValueFrom(
        amqp.send(WRITER_COMMANDS.createJob, { id, userId, type: 'IMAGE_BUILD', projectName: 'limits', correlationId }).pipe(timeout(10_000)),
      ).then(
        () => undefined,
        (reply: { code: string; details: { fields: { field: string }[] } }) => reply,
      );

      expect(error?.code).toBe('VALIDATION');
      expect(error!.details.fields.map((f) => f.field)).toContain('correlationId');
      expect(await jobRows(id)).toBe(0);
    }
  });

  it("refuses a create reusing a deleted job's id with a 409 naming id, over HTTP and in a bulk", async () => {
    const created = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName: 'reused' });
    const id = created.body.id;
    expect((await http.delete(`/jobs/${id}`)).status).toBe(204);

    const again = await http.post('/jobs', { id, userId, type: 'IMAGE_BUILD', projectName: 'reused' });
    const bulk = await http.post('/jobs/bulk', { items: [{ id, userId, type: 'IMAGE_BUILD', projectName: 'reused' }] });

    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', details: { fields: [{ field: 'id' }] } });
    expect(bulk.body.items[0]).toMatchObject({ status: 409, error: { code: 'CONFLICT' } });
    expect(await jobRows(id)).toBe(0);
  });

  it('answers a body over the size limit with 413 in the error shape', async () => {
    const response = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName: 'limits', metadata: { log: 'x'.repeat(200_000) } });

    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/over the limit of \d+ bytes/) });
  });

  it('refuses NUL in a query string with a 400 naming the field', async () => {
    for (const path of ['/jobs?projectName=a%00b', '/jobs?q=%00&consistency=strong', '/users?email=a%00b@example.com']) {
      const response = await http.get(path);
      expect({ path, status: response.status, code: response.body.error?.code }).toEqual({ path, status: 400, code: 'VALIDATION' });
    }
  });

  it('accepts metadata at every limit, and the job becomes searchable by it', async () => {
    const key = 'k'.repeat(METADATA_LIMITS.maxKeyLength);
    // Two bytes in UTF-8 for the first character: the term's limit is in bytes.
    const value = 'é'.padEnd(METADATA_LIMITS.maxStringLength, 'v');

    const response = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName: 'limits-edge', metadata: { [key]: value, deep: nested(METADATA_LIMITS.maxDepth - 1) } });

    expect(response.status).toBe(201);
    // minVersion: the answer waits until the search sees the job (read-your-writes).
    const found = await http.get(`/jobs?metadata=${encodeURIComponent(`${key}:${value}`)}&minVersion=${response.body.id}:1`);
    expect(found.body.items.map((job: { id: string }) => job.id)).toEqual([response.body.id]);
  });

  it('indexes a job written behind the API with a 40,000-character metadata value (ignore_above)', async () => {
    const job = await jobs.create({ userId, type: 'IMAGE_BUILD', projectName: 'behind-the-api', metadata: { log: 'x'.repeat(40_000) } }, SYSTEM_ACTOR);

    await synced(job.id);
  });

  it('counts a job Elasticsearch refuses apart from missing, with the reason, and stops re-sending it', async () => {
    const job = await jobs.create({ userId, type: 'IMAGE_BUILD', projectName: 'unindexable', metadata: nested(1_100) }, SYSTEM_ACTOR);
    const rounds = async () => sampleSum(await scrape(indexer.url), 'jobstream_safety_net_runs_total', { task: 'reconcile', result: 'ok' }) ?? 0;

    const [rejection] = await waitFor(async () => {
      const rows = await t.db.dataSource.query(`SELECT version::int, reason FROM job_index_rejections WHERE job_id = $1`, [job.id]);
      return rows.length > 0 && rows;
    }, { what: 'the refusal recorded' });
    expect(rejection).toMatchObject({ version: 1, reason: expect.stringMatching(/nesting depth/) });

    // Three reconcile rounds after the refusal: none re-sends the job.
    const after = await rounds();
    await waitFor(async () => (await rounds()) >= after + 3, { what: 'three reconcile rounds', timeoutMs: 60_000 });
    const resent = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND event_type = 'job.resynced'`, [job.id]);
    expect(resent[0].n).toBe(0);
    expect(sampleSum(await scrape(indexer.url), 'jobstream_reconciler_drift_jobs', { kind: 'unindexable' })).toBe(1);
    expect(sampleSum(await scrape(indexer.url), 'jobstream_reconciler_drift_jobs', { kind: 'missing' })).toBe(0);
    expect(sampleSum(await scrape(gateway.url), 'jobstream_unindexable_jobs')).toBe(1);

    const pipeline = await http.get('/health/pipeline');
    expect(pipeline.body.unindexable).toMatchObject({ jobs: 1, latest: { jobId: job.id, version: 1, reason: expect.stringMatching(/nesting depth/) } });

    const checker = new ConsistencyChecker(t.db.dataSource, t.search.client, t.search.alias);
    const report = await checker.check({ repair: true });
    expect(report).toMatchObject({ missing: 0, stale: 0, orphans: 0, unindexable: 1, repaired: { refused: 1 } });
    expect(report.unindexableSamples).toEqual([{ id: job.id, reason: expect.stringMatching(/nesting depth/) }]);

    const env = { ...process.env, DATABASE_URL: t.db.url, ES_URL, ES_JOBS_ALIAS: t.search.alias };
    const cli = await promisify(execFile)(process.execPath, [CLI, 'check'], { env }).catch((error: { code: number; stdout: string }) => error);
    expect(cli).toMatchObject({ code: 1, stdout: expect.stringMatching(/^missing +0 [\s\S]*^unindexable +1 [\s\S]*nesting depth/m) });

    // Deleting it ends the state: nothing unindexable, nothing missing.
    await jobs.delete({ id: job.id }, SYSTEM_ACTOR);
    await waitFor(async () => (await http.get('/health/pipeline')).body.unindexable.jobs === 0, { what: 'no unindexable job' });
    expect(await checker.check()).toMatchObject({ missing: 0, stale: 0, orphans: 0, unindexable: 0 });
  });
});
