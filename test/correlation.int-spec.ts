import { readFileSync } from 'node:fs';
import { AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, TestEnvironment, uniqueName, waitFor } from '@jobstream/testing';

jest.setTimeout(180_000);

type LogLine = Record<string, unknown> & { service: string; level: string; msg?: string; correlationId?: string };

/** Every JSON line an app wrote so far (its stdout and stderr share the file). */
function logLines(app: AppProcess): LogLine[] {
  return readFileSync(app.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('a correlation id follows a job through the logs of all four services', () => {
  let t: TestEnvironment;
  let apps: Record<'writer' | 'relay' | 'indexer' | 'gateway', AppProcess>;
  let http: HttpClient;
  let userId: string;

  beforeAll(async () => {
    t = await createTestEnvironment('corr');
    // Per-job lines are at info; the other tests run their services at warn.
    const env = { ...t.env, LOG_LEVEL: 'info' };
    const writer = await AppProcess.start('job-writer', env);
    const [relay, indexer, gateway] = await Promise.all(
      (['outbox-relay', 'indexer', 'gateway'] as const).map((name) => AppProcess.start(name, env)),
    );
    apps = { writer, relay, indexer, gateway };
    http = new HttpClient(gateway.url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    const user = await http.post('/users', { email: 'corr@example.com', name: 'Corr' });
    expect(user.status).toBe(201);
    userId = user.body.id;
  });

  afterAll(async () => {
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await t.teardown();
  });

  /** The job's line in each service for the write at `version`, once the indexer has logged it. */
  async function linesOf(jobId: string, version: number) {
    const find = () => ({
      gateway: logLines(apps.gateway).find(
        (l) => l.msg === 'request completed' && (l.req as { method: string }).method !== 'GET' && l.resourceId === jobId && l.resourceVersion === version,
      ),
      writer: logLines(apps.writer).find((l) => l.msg === 'command handled' && l.id === jobId && l.version === version),
      relay: logLines(apps.relay).find((l) => l.msg === 'event published' && l.aggregateId === jobId && l.version === version),
      indexer: logLines(apps.indexer).find((l) => l.msg === 'job event processed' && l.jobId === jobId && l.version === version),
    });
    return waitFor(
      () => {
        const lines = find();
        return Object.values(lines).every(Boolean) ? (lines as Record<keyof typeof lines, LogLine>) : undefined;
      },
      { what: `log lines of job ${jobId} v${version} in all four services; found ${JSON.stringify(find())}`, timeoutMs: 30_000 },
    );
  }

  it("carries the caller's id from the HTTP request to the indexer's line, through command, outbox row and message", async () => {
    const correlationId = uniqueName('corr');
    const created = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName: 'traced' }, { 'X-Correlation-Id': correlationId });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe(correlationId);
    const jobId: string = created.body.id;

    const [row] = await t.db.dataSource.query(`SELECT correlation_id FROM outbox WHERE aggregate_id = $1`, [jobId]);
    expect(row.correlation_id).toBe(correlationId);

    const lines = await linesOf(jobId, 1);
    for (const [service, line] of Object.entries(lines)) {
      expect({ service, correlationId: line.correlationId, level: line.level }).toEqual({ service, correlationId, level: 'info' });
    }
    expect(lines.gateway).toMatchObject({ service: 'gateway', req: { method: 'POST', url: '/jobs' }, res: { statusCode: 201 } });
    expect(lines.writer).toMatchObject({ service: 'job-writer', command: 'job.create' });
    expect(lines.relay).toMatchObject({ service: 'outbox-relay', eventType: 'job.created' });
    expect(lines.indexer).toMatchObject({ service: 'indexer', eventType: 'job.created', outcome: 'indexed' });

    // Status change with X-Request-Id, owner change with X-Correlation-Id: each write has its request's id.
    const requestId = uniqueName('req');
    const running = await http.patch(`/jobs/${jobId}/status`, { status: 'RUNNING', expectedVersion: 1 }, { 'X-Request-Id': requestId });
    expect(running.status).toBe(200);
    expect(running.headers.get('x-correlation-id')).toBe(requestId);
    const renameId = uniqueName('rename');
    expect((await http.patch(`/users/${userId}`, { name: 'Corr Renamed' }, { 'X-Correlation-Id': renameId })).status).toBe(200);

    const statusLines = await linesOf(jobId, 2);
    expect(Object.values(statusLines).map((line) => line.correlationId)).toEqual([requestId, requestId, requestId, requestId]);
    const renamed = await waitFor(
      () => logLines(apps.indexer).find((l) => l.jobId === jobId && l.version === 3 && l.eventType === 'job.owner-changed'),
      { what: 'the owner change re-indexed the job' },
    );
    expect(renamed.correlationId).toBe(renameId);
    expect(logLines(apps.writer).find((l) => l.msg === 'owner change applied to its jobs' && l.id === userId)).toMatchObject({
      correlationId: renameId,
      jobs: 1,
    });
  });

  it('answers with a new id when the request has none or an invalid one', async () => {
    const plain = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName: 'untraced' });
    const invalid = await http.get(`/jobs/${plain.body.id}?consistency=strong`, { 'X-Correlation-Id': 'not valid; {"level":"fatal"}' });
    const generated = [plain.headers.get('x-correlation-id'), invalid.headers.get('x-correlation-id')];

    expect(plain.status).toBe(201);
    expect(invalid.status).toBe(200);
    for (const id of generated) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated[0]).not.toBe(generated[1]);
    const lines = await linesOf(plain.body.id, 1);
    expect(Object.values(lines).map((line) => line.correlationId)).toEqual(Array(4).fill(generated[0]));
  });

  it('logs JSON lines with the service name and keeps health checks and API keys out of info', () => {
    for (const app of Object.values(apps)) {
      const lines = logLines(app);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line.service === app.name && typeof line.level === 'string')).toBe(true);
      // Nest's own start-up lines go through pino too.
      expect(lines.some((line) => line.context === 'NestApplication')).toBe(true);
    }
    // AppProcess polled /health/ready until each app was up: those requests are at debug.
    const requests = logLines(apps.gateway).filter((line) => line.msg === 'request completed');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((line) => (line.req as { url: string }).url.startsWith('/health'))).toEqual([]);
    expect(readFileSync(apps.gateway.logFile, 'utf8')).not.toMatch(/jsk_|authorization/i);
  });
});
