import { AppProcess, createTestEnvironment, HttpClient, inParallel, issueTestApiKey, TestEnvironment } from '@jobstream/testing';

jest.setTimeout(120_000);

const ifMatch = (version: number | string) => ({ 'if-match': `"${version}"` });
const fieldsOf = (body: { error: { details?: { fields?: { field: string }[] } } }) => body.error.details?.fields?.map((f) => f.field);
const MISSING = '00000000-0000-7000-8000-000000000000';

describe('the model over HTTP: users, workspaces, images, build schedules, ETag and If-Match', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let http: HttpClient;
  let userId: string;

  beforeAll(async () => {
    t = await createTestEnvironment('model');
    // The writer first: the gateway's commands need its queue.
    const writer = await AppProcess.start('job-writer', t.env);
    apps = [writer, await AppProcess.start('gateway', t.env)];
    http = new HttpClient(apps[1].url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    const { status, body } = await http.post('/users', { email: 'owner@example.com', name: 'Owner' });
    expect(status).toBe(201);
    userId = body.id;
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  describe('users', () => {
    it('creates, reads with an ETag, lists by email and updates under If-Match', async () => {
      const created = await http.post('/users', { email: 'ann@example.com', name: 'Ann' });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');

      const read = await http.get(`/users/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.body.id, email: 'ann@example.com', name: 'Ann', version: 1 });
      expect(read.headers.get('etag')).toBe('"1"');

      const listed = await http.get('/users?email=ann@example.com');
      expect(listed.body).toEqual({ items: [read.body], nextCursor: null });

      const updated = await http.patch(`/users/${created.body.id}`, { name: 'Ann B.' }, ifMatch(1));
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Ann B.', version: 2 });
      expect(updated.headers.get('etag')).toBe('"2"');

      const stale = await http.patch(`/users/${created.body.id}`, { name: 'Ann C.' }, ifMatch(1));
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect((await http.get(`/users/${created.body.id}`)).body.name).toBe('Ann B.');
    });

    it('refuses a malformed If-Match, or one that disagrees with expectedVersion, naming the field', async () => {
      const malformed = await http.patch(`/users/${userId}`, { name: 'X' }, { 'if-match': 'W/"1"' });
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(['If-Match']);

      const disagreeing = await http.patch(`/users/${userId}`, { name: 'X', expectedVersion: 2 }, ifMatch(1));
      expect(disagreeing.status).toBe(400);
      expect(fieldsOf(disagreeing.body)).toEqual(['If-Match', 'expectedVersion']);

      expect((await http.patch(`/users/${userId}`, { name: 'Owner', expectedVersion: 1 }, ifMatch(1))).status).toBe(200);
    });

    it('answers unknown ids with 404 and unknown fields with 400', async () => {
      expect((await http.get(`/users/${MISSING}`)).body.error).toMatchObject({ code: 'NOT_FOUND' });
      expect((await http.patch(`/users/${MISSING}`, { name: 'X' })).status).toBe(404);
      const unknown = await http.post('/users', { email: 'z@example.com', name: 'Z', role: 'admin' });
      expect(unknown.status).toBe(400);
      expect(fieldsOf(unknown.body)).toEqual(['role']);
    });
  });

  describe('workspaces', () => {
    it('creates, reads, filters and updates under If-Match', async () => {
      const created = await http.post('/workspaces', { userId, projectName: 'model-api', arch: 'arm64', hostname: 'ws-1' });
      expect(created.status).toBe(201);
      const { id } = created.body;
      await http.post('/workspaces', { userId, projectName: 'other', arch: 'arm64' });

      const read = await http.get(`/workspaces/${id}`);
      expect(read.body).toMatchObject({ id, userId, projectName: 'model-api', status: 'PROVISIONING', version: 1 });
      expect(read.headers.get('etag')).toBe('"1"');

      const running = await http.patch(`/workspaces/${id}`, { status: 'RUNNING' }, ifMatch(1));
      expect(running.body).toMatchObject({ status: 'RUNNING', version: 2 });
      expect(running.headers.get('etag')).toBe('"2"');

      const listed = await http.get(`/workspaces?userId=${userId}&status=RUNNING&projectName=model-api`);
      expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([id]);
      expect((await http.get(`/workspaces?userId=${userId}`)).body.items).toHaveLength(2);

      const stale = await http.patch(`/workspaces/${id}`, { status: 'STOPPED' }, ifMatch(1));
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.currentVersion).toBe(2);
      expect((await http.get(`/workspaces/${MISSING}`)).status).toBe(404);
      expect(fieldsOf((await http.get('/workspaces?status=SLEEPING')).body)).toEqual(['status']);
    });
  });

  describe('images', () => {
    it('creates with the default tag, reads, updates under If-Match and lists by owner and arch', async () => {
      const created = await http.post('/images', { userId, name: 'team/backend-api', arch: 'amd64' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userId, name: 'team/backend-api', tag: 'latest', arch: 'amd64', version: 1 });
      const { id } = created.body;

      const read = await http.get(`/images/${id}`);
      expect(read.headers.get('etag')).toBe('"1"');

      const tagged = await http.patch(`/images/${id}`, { tag: '1.2.0' }, ifMatch(1));
      expect(tagged.status).toBe(200);
      expect(tagged.body).toMatchObject({ tag: '1.2.0', version: 2 });
      expect(new Date(tagged.body.updatedAt).getTime()).toBeGreaterThan(new Date(created.body.updatedAt).getTime());
      expect(tagged.headers.get('etag')).toBe('"2"');

      const stale = await http.patch(`/images/${id}`, { tag: '1.3.0' }, ifMatch(1));
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

      const listed = await http.get(`/images?userId=${userId}&arch=amd64&name=team/backend-api`);
      expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    });

    it('answers a bad arch, name or unknown field with 400 naming it, and an unknown owner or image with 404', async () => {
      const bad = await http.post('/images', { userId, name: 'Not A Name', arch: 'sparc', extra: 1 });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)?.sort()).toEqual(['arch', 'extra', 'name']);
      const noOwner = await http.post('/images', { userId: MISSING, name: 'x', arch: 'arm64' });
      expect(noOwner.status).toBe(404);
      expect(noOwner.body.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'user', id: MISSING } });
      expect((await http.get(`/images/${MISSING}`)).status).toBe(404);
      expect((await http.patch(`/images/${MISSING}`, { tag: 'x' })).status).toBe(404);
    });
  });

  describe('build schedules', () => {
    let imageId: string;

    beforeAll(async () => {
      imageId = (await http.post('/images', { userId, name: 'scheduled', arch: 'arm64' })).body.id;
    });

    it('computes the next run from the cron expression, clears it while paused and locks by version', async () => {
      const before = Date.now();
      const created = await http.post('/build-schedules', { imageId, cronExpression: '0 3 * * *' });
      const after = Date.now();
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ imageId, cronExpression: '0 3 * * *', status: 'ACTIVE', version: 1 });
      const next = new Date(created.body.nextRunAt);
      expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 0]);
      expect(next.getTime()).toBeGreaterThan(before);
      // The gateway read its clock between before and after: at most a day after that.
      expect(next.getTime()).toBeLessThanOrEqual(after + 24 * 3600_000);
      const { id } = created.body;

      const read = await http.get(`/build-schedules/${id}`);
      expect(read.headers.get('etag')).toBe('"1"');

      const paused = await http.patch(`/build-schedules/${id}`, { status: 'PAUSED' }, ifMatch(1));
      expect(paused.body).toMatchObject({ status: 'PAUSED', nextRunAt: null, version: 2 });

      const resumed = await http.patch(`/build-schedules/${id}`, { status: 'ACTIVE', cronExpression: '*/5 * * * *', expectedVersion: 2 });
      expect(resumed.body).toMatchObject({ status: 'ACTIVE', version: 3 });
      expect(new Date(resumed.body.nextRunAt).getUTCMinutes() % 5).toBe(0);
      expect(resumed.headers.get('etag')).toBe('"3"');

      const stale = await http.patch(`/build-schedules/${id}`, { status: 'PAUSED' }, ifMatch(2));
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.currentVersion).toBe(3);

      const listed = await http.get(`/build-schedules?imageId=${imageId}&status=ACTIVE`);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
      expect((await http.get(`/build-schedules?imageId=${imageId}&status=PAUSED`)).body.items).toEqual([]);
    });

    it('answers a bad cron expression with 400 on cronExpression saying why, and an unknown image with 404', async () => {
      const bad = await http.post('/build-schedules', { imageId, cronExpression: '61 * * * *' });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['cronExpression']);
      expect(JSON.stringify(bad.body)).toContain('expected range 0-59');
      expect(fieldsOf((await http.post('/build-schedules', { imageId, cronExpression: '0 0 30 2 *' })).body)).toEqual(['cronExpression']);
      const noImage = await http.post('/build-schedules', { imageId: MISSING, cronExpression: '0 3 * * *' });
      expect(noImage.status).toBe(404);
      expect(noImage.body.error.details).toMatchObject({ entity: 'image', id: MISSING });
    });
  });

  describe('paging', () => {
    it('pages through images without duplicates or gaps while more are created', async () => {
      const owner = (await http.post('/users', { email: 'pager@example.com', name: 'Pager' })).body.id;
      const create = (i: number) => http.post('/images', { userId: owner, name: `image-${i}`, arch: 'arm64' }).then((r) => r.body.id as string);
      const existing = await inParallel(Array.from({ length: 45 }, (_, i) => i), 10, create);

      const seen: string[] = [];
      let cursor: string | null = '';
      let extra = 100;
      while (cursor !== null) {
        const { status, body }: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await http.get(
          `/images?userId=${owner}&size=10${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(10);
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
        await create(extra++);
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(existing));
    });

    it('refuses a forged cursor and an oversized page, naming the field', async () => {
      expect(fieldsOf((await http.get('/users?cursor=forged')).body)).toEqual(['cursor']);
      expect(fieldsOf((await http.get('/workspaces?size=101')).body)).toEqual(['size']);
    });
  });

  describe('jobs', () => {
    it('sends the version as ETag and honours If-Match on status changes and deletes', async () => {
      const created = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName: 'etag' });
      expect(created.headers.get('etag')).toBe('"1"');
      const { id } = created.body;
      expect((await http.get(`/jobs/${id}?consistency=strong`)).headers.get('etag')).toBe('"1"');

      const running = await http.patch(`/jobs/${id}/status`, { status: 'RUNNING' }, ifMatch(1));
      expect(running.status).toBe(200);
      expect(running.headers.get('etag')).toBe('"2"');

      const stale = await http.patch(`/jobs/${id}/status`, { status: 'COMPLETED' }, ifMatch(1));
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.currentVersion).toBe(2);

      const staleDelete = await http.delete(`/jobs/${id}`, ifMatch(1));
      expect(staleDelete.status).toBe(409);
      expect(staleDelete.body.error.details.currentVersion).toBe(2);
      expect((await http.delete(`/jobs/${id}?expectedVersion=3`, ifMatch(2))).status).toBe(400);
      expect((await http.delete(`/jobs/${id}`, ifMatch(2))).status).toBe(204);
    });
  });
});
