import { JobSnapshotV1, WRITER_COMMANDS } from '@jobstream/contracts';
import { ensureJobsIndex, JOBS_MAPPING, JOBS_SETTINGS } from '@jobstream/search';
import { AppProcess, createTestEnvironment, HttpClient, HttpResponse, issueTestApiKey, TestApiKey, TestEnvironment, waitFor } from '@jobstream/testing';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(180_000);

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const fieldsOf = (response: HttpResponse<any>) => response.body.error?.details?.fields?.map((f: { field: string }) => f.field);
const USER_AGENT = 'governance-test/1.0 (jest)';

/** `audit_logs_yYYYYmMM` of the UTC month `offset` months from now. */
function partitionName(offset: number, from = new Date()): string {
  const month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + offset, 1));
  return `audit_logs_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('data governance: the audit trail, soft deletes and the email check', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let gateway: AppProcess;
  let adminKey: TestApiKey;
  let http: HttpClient;
  let requests = 0;

  /** A write as a browser would send it, with its own correlation id, answered with that id. */
  async function write(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const requestId = `gov-${++requests}-${Date.now()}`;
    const response = await http.request(method, path, body, { 'user-agent': USER_AGENT, 'x-correlation-id': requestId, ...headers });
    return { ...response, requestId };
  }

  const audit = async (query: string) => {
    const response = await http.get(`/audit?${query}`);
    expect(response.status).toBe(200);
    return response.body.items as any[];
  };
  const sql = (text: string, params: unknown[] = []) => t.db.dataSource.query(text, params);
  const count = async (text: string, params: unknown[] = []) => Number((await sql(text, params))[0].count);

  beforeAll(async () => {
    t = await createTestEnvironment('gov');
    // The month after next is made by the job-writer at start-up, not only by the migration.
    await sql(`DROP TABLE ${partitionName(2)}`);
    const writer = await AppProcess.start('job-writer', t.env);
    apps = [writer, ...(await Promise.all((['outbox-relay', 'indexer', 'gateway'] as const).map((name) => AppProcess.start(name, t.env))))];
    gateway = apps[3];
    adminKey = await issueTestApiKey(t.db.dataSource, 'admin');
    http = new HttpClient(gateway.url, adminKey.key);
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  describe('the audit trail', () => {
    it('records every kind of write with its actor, client address, user agent and request id', async () => {
      const expectations: { response: Awaited<ReturnType<typeof write>>; action: string; entityType: string; entityId: string; before: boolean; after: boolean }[] = [];
      const recorded = async (method: string, path: string, body: unknown, action: string, entityId?: (answer: any) => string, headers?: Record<string, string>) => {
        const response = await write(method, path, body, headers);
        expect(response.status).toBeLessThan(300);
        const [entityType, verb] = action.split('.');
        expectations.push({
          response,
          action,
          entityType,
          entityId: entityId ? entityId(response.body) : response.body.id,
          before: !verb.endsWith('create') && verb !== 'issue',
          after: !(entityType === 'job' && verb === 'delete'),
        });
        return response.body;
      };

      const user = await recorded('POST', '/users', { email: 'audited@example.com', name: 'Audited' }, 'user.create');
      await recorded('PATCH', `/users/${user.id}`, { name: 'Audited Too' }, 'user.update', undefined, ifMatch(1));
      await recorded('PUT', `/users/${user.id}/roles`, { roles: ['writer'] }, 'user.roles-change', () => user.id);
      const key = await recorded('POST', '/api-keys', { userId: user.id, name: 'audited' }, 'api-key.issue');
      await recorded('DELETE', `/api-keys/${key.id}`, undefined, 'api-key.revoke', () => key.id);
      const workspace = await recorded('POST', '/workspaces', { userId: user.id, projectName: 'audited', arch: 'amd64' }, 'workspace.create');
      await recorded('PATCH', `/workspaces/${workspace.id}`, { status: 'RUNNING' }, 'workspace.update');
      const job = await recorded('POST', '/jobs', { userId: user.id, workspaceId: workspace.id, type: 'IMAGE_BUILD', projectName: 'audited' }, 'job.create');
      await recorded('PATCH', `/jobs/${job.id}/status`, { status: 'RUNNING' }, 'job.transition');
      await recorded('DELETE', `/jobs/${job.id}`, undefined, 'job.delete', () => job.id);
      const image = await recorded('POST', '/images', { userId: user.id, name: 'team/audited', arch: 'amd64' }, 'image.create');
      await recorded('PATCH', `/images/${image.id}`, { tag: '2.0.0' }, 'image.update');
      const schedule = await recorded('POST', '/build-schedules', { imageId: image.id, cronExpression: '0 3 * * *' }, 'build-schedule.create');
      await recorded('PATCH', `/build-schedules/${schedule.id}`, { status: 'PAUSED' }, 'build-schedule.update');
      await recorded('DELETE', `/workspaces/${workspace.id}`, undefined, 'workspace.delete');
      await recorded('DELETE', `/users/${user.id}`, undefined, 'user.delete');
      await recorded('POST', '/tasks', { type: 'RECONCILE' }, 'background-task.create');

      for (const { response, action, entityType, entityId, before, after } of expectations) {
        const rows = (await audit(`entityType=${entityType}&entityId=${entityId}`)).filter((row) => row.requestId === response.requestId);
        expect({ action, rows }).toEqual({
          action,
          rows: [
            expect.objectContaining({
              action,
              entityType,
              entityId,
              userId: adminKey.userId,
              ipAddress: '127.0.0.1',
              userAgent: USER_AGENT,
              requestId: response.requestId,
              before: before ? expect.any(Object) : null,
              after: after ? expect.any(Object) : null,
            }),
          ],
        });
      }
      const [transition] = await audit(`entityType=job&entityId=${job.id}&size=3`).then((rows) => rows.filter((row) => row.action === 'job.transition'));
      expect(transition).toMatchObject({ before: { status: 'PENDING', version: 1 }, after: { status: 'RUNNING', version: 2 } });
    });

    it('records a command from an internal client without actor headers as the system, and a repeated create once', async () => {
      const client = ClientProxyFactory.create({
        transport: Transport.RMQ,
        options: { urls: [t.vhost.url], queue: 'job-writer.commands', queueOptions: { durable: true }, persistent: true },
      });
      try {
        const command = { id: uuidv7(), email: 'internal@example.com', name: 'Internal' };
        for (let i = 0; i < 2; i++) await firstValueFrom(client.send(WRITER_COMMANDS.createUser, command).pipe(timeout(10_000)));

        expect(await audit(`entityType=user&entityId=${command.id}`)).toEqual([
          expect.objectContaining({ action: 'user.create', userId: null, ipAddress: null, userAgent: null, requestId: null }),
        ]);
      } finally {
        await client.close();
      }
    });

    it('pages newest first by entity, user and time range, without repeats or gaps', async () => {
      const other = await issueTestApiKey(t.db.dataSource, 'writer');
      const writer = http.withKey(other.key);
      const owner = (await http.post('/users', { email: 'paged@example.com', name: 'Paged' })).body;
      const before = new Date().toISOString();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await writer.post('/jobs', { userId: owner.id, type: 'IMAGE_BUILD', projectName: `paged-${i}` })).body.id);
      const after = new Date(Date.now() + 1).toISOString();

      const pages: any[][] = [];
      let cursor: string | null = null;
      do {
        const response: HttpResponse<any> = await http.get(`/audit?userId=${other.userId}&size=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        pages.push(response.body.items);
        cursor = response.body.nextCursor;
      } while (cursor);

      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((row) => row.entityId)).toEqual([...ids].reverse());
      expect(pages.flat().every((row) => row.userId === other.userId && row.action === 'job.create')).toBe(true);
      const inRange = await audit(`entityType=job&from=${before}&to=${after}&size=100`);
      expect(inRange.map((row) => row.entityId).filter((id) => ids.includes(id))).toEqual([...ids].reverse());
      expect(await audit(`entityType=job&to=${before}&size=100`).then((rows) => rows.filter((row) => ids.includes(row.entityId)))).toEqual([]);
    });

    it('answers bad filters with 400 naming the field, and only admins', async () => {
      expect(fieldsOf(await http.get('/audit?entityId=nope'))).toEqual(['entityId']);
      expect(fieldsOf(await http.get('/audit?from=yesterday'))).toEqual(['from']);
      expect(fieldsOf(await http.get('/audit?size=1000'))).toEqual(['size']);
      expect(fieldsOf(await http.get('/audit?cursor=bm9wZQ'))).toEqual(['cursor']);
      const viewer = http.withKey((await issueTestApiKey(t.db.dataSource, 'viewer')).key);
      expect((await viewer.get('/audit')).status).toBe(403);
    });

    it('rolls an audit row back with the change it records', async () => {
      // Fails at commit, after the job, its event and its audit row were all written.
      await sql(`
        CREATE FUNCTION fail_doomed() RETURNS trigger AS $$
        BEGIN
          IF NEW.project_name = 'doomed' THEN RAISE EXCEPTION 'doomed on purpose'; END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql;
        CREATE CONSTRAINT TRIGGER fail_doomed AFTER INSERT OR UPDATE ON job DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION fail_doomed();`);
      try {
        const owner = (await http.post('/users', { email: 'doomed@example.com', name: 'Doomed' })).body;
        const id = uuidv7();

        const refused = await write('POST', '/jobs', { id, userId: owner.id, type: 'IMAGE_BUILD', projectName: 'doomed' });

        expect(refused.status).toBe(500);
        expect(await count(`SELECT count(*) FROM job WHERE id = $1`, [id])).toBe(0);
        expect(await count(`SELECT count(*) FROM audit_logs WHERE entity_id = $1 OR request_id = $2`, [id, refused.requestId])).toBe(0);
        expect(await count(`SELECT count(*) FROM outbox WHERE aggregate_id = $1`, [id])).toBe(0);
        const saved = await write('POST', '/jobs', { id, userId: owner.id, type: 'IMAGE_BUILD', projectName: 'saved' });
        expect(saved.status).toBe(201);
        expect(await count(`SELECT count(*) FROM audit_logs WHERE entity_id = $1 AND request_id = $2`, [id, saved.requestId])).toBe(1);
      } finally {
        await sql(`DROP TRIGGER fail_doomed ON job; DROP FUNCTION fail_doomed`);
      }
    });

    it('is append-only: UPDATE, DELETE and TRUNCATE fail, on the table and on a partition', async () => {
      expect(await count(`SELECT count(*) FROM audit_logs`)).toBeGreaterThan(0);
      const partition = partitionName(0);
      for (const statement of [
        `UPDATE audit_logs SET action = 'forged'`,
        `DELETE FROM audit_logs`,
        `TRUNCATE audit_logs`,
        `UPDATE ${partition} SET user_id = NULL`,
        `DELETE FROM ${partition}`,
        `TRUNCATE ${partition}`,
      ]) {
        await expect(sql(statement)).rejects.toThrow(/audit_logs is append-only/);
      }
      expect(await count(`SELECT count(*) FROM audit_logs WHERE action = 'forged'`)).toBe(0);
    });

    it('has next month’s partition before the month starts, made ahead by the job-writer', async () => {
      const partitions = async () =>
        (await sql(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass`)).map((row: { name: string }) => row.name);

      expect(await partitions()).toEqual(expect.arrayContaining([partitionName(0), partitionName(1), partitionName(2)]));
      // On the last day of a month, the next month's partition is made (and the one after).
      const lastDay = '2031-01-31T23:59:00Z';
      expect((await sql(`SELECT ensure_audit_partitions(1, $1) AS created`, [lastDay]))[0].created).toBe(2);
      expect(await partitions()).toEqual(expect.arrayContaining(['audit_logs_y2031m01', 'audit_logs_y2031m02']));
      expect((await sql(`SELECT ensure_audit_partitions(1, $1) AS created`, [lastDay]))[0].created).toBe(0);
      const [bounds] = await sql(`SELECT pg_get_expr(relpartbound, oid) AS bounds FROM pg_class WHERE relname = 'audit_logs_y2031m02'`);
      expect(bounds.bounds).toBe(`FOR VALUES FROM ('2031-02-01 00:00:00+00') TO ('2031-03-01 00:00:00+00')`);
    });
  });

  describe('soft deletes', () => {
    it('keeps a deleted user’s jobs searchable and marked, refuses new work for them, and frees the email', async () => {
      const user = (await http.post('/users', { email: 'leaving@example.com', name: 'Leaving' })).body;
      const workspace = (await http.post('/workspaces', { userId: user.id, projectName: 'leaving', arch: 'arm64', hostname: 'h-9' })).body;
      const job: JobSnapshotV1 = (await http.post('/jobs', { userId: user.id, workspaceId: workspace.id, type: 'IMAGE_BUILD', projectName: 'leaving' })).body;
      expect(job.userDeleted).toBe(false);
      const key = await issueTestApiKey(t.db.dataSource, 'viewer');
      await sql(`UPDATE api_keys SET user_id = $1 WHERE id = $2`, [user.id, key.keyId]);

      const deleted = await http.delete(`/users/${user.id}`, ifMatch(1));

      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({ id: user.id, version: 2, deletedAt: expect.any(String) });
      expect(deleted.headers.get('etag')).toBe('"2"');
      const searched = await waitFor(
        async () => {
          const { body } = await http.get(`/jobs?userId=${user.id}`);
          return body.source === 'elasticsearch' && body.items[0]?.userDeleted === true && body;
        },
        { what: 'the job to show its user deleted in search' },
      );
      expect(searched.items).toEqual([expect.objectContaining({ id: job.id, version: 2, userDeleted: true, userName: 'Leaving', projectName: 'leaving' })]);
      expect((await http.get(`/jobs/${job.id}?consistency=strong`)).body).toMatchObject({ userDeleted: true, version: 2 });

      const newJob = await http.post('/jobs', { userId: user.id, type: 'IMAGE_BUILD', projectName: 'leaving' });
      expect(newJob.status).toBe(400);
      expect(fieldsOf(newJob)).toEqual(['userId']);
      expect(fieldsOf(await http.post('/workspaces', { userId: user.id, projectName: 'x', arch: 'arm64' }))).toEqual(['userId']);
      expect((await http.patch(`/users/${user.id}`, { name: 'Back' })).body.error).toMatchObject({ code: 'CONFLICT' });
      expect((await http.withKey(key.key).get('/jobs')).status).toBe(401);

      expect((await http.get(`/users/${user.id}`)).body).toMatchObject({ deletedAt: deleted.body.deletedAt });
      expect((await http.get('/users?email=leaving@example.com')).body.items).toEqual([]);
      expect((await http.get('/users?email=leaving@example.com&includeDeleted=true')).body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
      expect(fieldsOf(await http.get('/users?includeDeleted=maybe'))).toEqual(['includeDeleted']);

      const successor = await http.post('/users', { email: 'leaving@example.com', name: 'Successor' });
      expect(successor.status).toBe(201);
      expect((await http.post('/users', { email: 'leaving@example.com', name: 'Third' })).status).toBe(409);
      expect((await http.post('/jobs', { userId: successor.body.id, type: 'IMAGE_BUILD', projectName: 'leaving' })).status).toBe(201);
      expect((await http.delete(`/users/${user.id}`)).body).toMatchObject({ version: 2 });
    });

    it('refuses jobs on a deleted workspace, hides it from lists and keeps it readable', async () => {
      const owner = (await http.post('/users', { email: 'ws-owner@example.com', name: 'Owner' })).body;
      const workspace = (await http.post('/workspaces', { userId: owner.id, projectName: 'closing', arch: 'amd64' })).body;

      expect((await http.delete(`/workspaces/${workspace.id}?expectedVersion=2`)).status).toBe(409);
      const deleted = await http.delete(`/workspaces/${workspace.id}?expectedVersion=1`);

      expect(deleted.body).toMatchObject({ version: 2, deletedAt: expect.any(String) });
      const refused = await http.post('/jobs', { userId: owner.id, workspaceId: workspace.id, type: 'IMAGE_BUILD', projectName: 'closing' });
      expect(fieldsOf(refused)).toEqual(['workspaceId']);
      expect((await http.patch(`/workspaces/${workspace.id}`, { status: 'RUNNING' })).status).toBe(409);
      expect((await http.get(`/workspaces?userId=${owner.id}`)).body.items).toEqual([]);
      expect((await http.get(`/workspaces?userId=${owner.id}&includeDeleted=true`)).body.items).toHaveLength(1);
      expect((await http.get(`/workspaces/${workspace.id}`)).body.deletedAt).toBe(deleted.body.deletedAt);
    });

    it('answers a repeated create of a user or workspace deleted since with 409, not a success', async () => {
      const owner = (await http.post('/users', { email: 'repeat-owner@example.com', name: 'Owner' })).body;
      const workspace = (await http.post('/workspaces', { userId: owner.id, projectName: 'again', arch: 'amd64' })).body;
      const gone = (await http.post('/users', { email: 'repeat-gone@example.com', name: 'Gone' })).body;
      await http.delete(`/workspaces/${workspace.id}`);
      await http.delete(`/users/${gone.id}`);

      const workspaceAgain = await http.post('/workspaces', { id: workspace.id, userId: owner.id, projectName: 'again', arch: 'amd64' });
      const userAgain = await http.post('/users', { id: gone.id, email: 'repeat-gone-2@example.com', name: 'Gone' });

      expect([workspaceAgain.status, workspaceAgain.body.error.code]).toEqual([409, 'CONFLICT']);
      expect([userAgain.status, userAgain.body.error.code]).toEqual([409, 'CONFLICT']);
    });
  });

  describe('an index made before userDeleted existed', () => {
    it('takes documents with the new field once the indexer has ensured the index', async () => {
      const alias = `${t.search.alias}_legacy`;
      const { userDeleted: _added, ...before } = JOBS_MAPPING.properties;
      await t.search.client.indices.create({ index: `${alias}_v1`, settings: JOBS_SETTINGS, mappings: { ...JOBS_MAPPING, properties: before }, aliases: { [alias]: {} } });
      const document = { jobId: uuidv7(), userDeleted: true };
      await expect(t.search.client.index({ index: alias, id: document.jobId, document })).rejects.toThrow(/strict_dynamic_mapping_exception/);

      await ensureJobsIndex(t.search.client, alias);

      expect((await t.search.client.index({ index: alias, id: document.jobId, document })).result).toBe('created');
    });
  });

  describe('the email check', () => {
    it('refuses in the database an address the seeds’ rule refuses, as a 400 on email over HTTP', async () => {
      // Valid by RFC 5322 (and class-validator), but not by the seeds' rule.
      const refused = await http.post('/users', { email: "o'brien@example.com", name: 'Quote' });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused)).toEqual(['email']);

      await expect(sql(`INSERT INTO users (id, email, name) VALUES ($1, 'no-at-sign', 'X')`, [uuidv7()])).rejects.toMatchObject({
        driverError: { code: '23514', constraint: 'chk_users_email' },
      });
    });
  });
});
