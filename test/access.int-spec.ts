import { AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, TestEnvironment } from '@jobstream/testing';

jest.setTimeout(180_000);

/** Every refusal has the one error shape. */
const refusal = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('access control on the gateway', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let anonymous: HttpClient;
  let admin: HttpClient;
  let writer: HttpClient;
  let viewer: HttpClient;
  let ownerId: string;

  beforeAll(async () => {
    t = await createTestEnvironment('access');
    // The writer first: the gateway's commands need its queue.
    apps = [await AppProcess.start('job-writer', t.env)];
    apps.push(await AppProcess.start('gateway', t.env));
    anonymous = new HttpClient(apps[1].url);
    const [adminKey, writerKey, viewerKey] = await Promise.all(
      (['admin', 'writer', 'viewer'] as const).map((role) => issueTestApiKey(t.db.dataSource, role)),
    );
    admin = anonymous.withKey(adminKey.key);
    writer = anonymous.withKey(writerKey.key);
    viewer = anonymous.withKey(viewerKey.key);
    ownerId = writerKey.userId;
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  const newJob = () => ({ userId: ownerId, type: 'IMAGE_BUILD', projectName: 'access' });

  it('keeps the health endpoints open without a key', async () => {
    expect((await anonymous.get('/health/live')).status).toBe(200);
    expect((await anonymous.get('/health/ready')).status).toBe(200);
  });

  it('answers 401 without a key, with a malformed or unknown key, on reads and writes', async () => {
    for (const client of [anonymous, anonymous.withKey('nope'), anonymous.withKey(`jsk_0123456789ab_${'A'.repeat(43)}`)]) {
      const read = await client.get('/jobs');
      expect(read).toMatchObject({ status: 401, body: refusal('UNAUTHENTICATED') });
      expect(read.headers.get('www-authenticate')).toBe('Bearer');
      expect(await client.post('/jobs', newJob())).toMatchObject({ status: 401, body: refusal('UNAUTHENTICATED') });
    }
  });

  it('accepts the key in X-API-Key too', async () => {
    const { body: issued } = await admin.post('/api-keys', { userId: ownerId, name: 'header' });
    const response = await fetch(`${apps[1].url}/api-keys`, { headers: { 'x-api-key': issued.key } });
    // A writer's key: authenticated, but not an admin.
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(refusal('FORBIDDEN'));
  });

  it('lets a viewer read but not write (403)', async () => {
    const { status, body: job } = await writer.post('/jobs', newJob());
    expect(status).toBe(201);
    expect(await viewer.get(`/jobs/${job.id}?consistency=strong`)).toMatchObject({ status: 200, body: { id: job.id } });
    expect(await viewer.post('/jobs', newJob())).toMatchObject({ status: 403, body: refusal('FORBIDDEN') });
    expect(await viewer.patch(`/jobs/${job.id}/status`, { status: 'RUNNING' })).toMatchObject({ status: 403, body: refusal('FORBIDDEN') });
    expect(await viewer.request('DELETE', `/jobs/${job.id}`)).toMatchObject({ status: 403, body: refusal('FORBIDDEN') });
  });

  it('lets a writer write jobs but not manage users or keys (403)', async () => {
    const { body: job } = await writer.post('/jobs', newJob());
    expect(await writer.patch(`/jobs/${job.id}/status`, { status: 'RUNNING', expectedVersion: 1 })).toMatchObject({ status: 200 });
    expect((await writer.delete(`/jobs/${job.id}`)).status).toBe(204);
    expect(await writer.post('/users', { email: 'w@example.com', name: 'W' })).toMatchObject({ status: 403, body: refusal('FORBIDDEN') });
    expect(await writer.get('/api-keys')).toMatchObject({ status: 403, body: refusal('FORBIDDEN') });
    expect(await writer.put(`/users/${ownerId}/roles`, { roles: ['admin'] })).toMatchObject({ status: 403, body: refusal('FORBIDDEN') });
  });

  it('lets an admin create a user, give them a role and a key, which works at once', async () => {
    const { status, body: user } = await admin.post('/users', { email: 'new@example.com', name: 'New' });
    expect(status).toBe(201);
    const issued = await admin.post('/api-keys', { userId: user.id, name: 'new' });
    expect(issued).toMatchObject({ status: 201, body: { userId: user.id, name: 'new', key: expect.stringMatching(/^jsk_/) } });
    const newcomer = anonymous.withKey(issued.body.key);
    // No roles yet: authenticated, allowed nothing.
    expect(await newcomer.get('/jobs/01900000-0000-7000-8000-000000000000?consistency=strong')).toMatchObject({ status: 403 });
    expect(await admin.put(`/users/${user.id}/roles`, { roles: ['writer'] })).toMatchObject({ status: 200, body: { userId: user.id, roles: ['writer'] } });
    expect((await newcomer.post('/jobs', { ...newJob(), userId: user.id })).status).toBe(201);
    expect(await admin.put(`/users/${user.id}/roles`, { roles: ['root'] })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION', details: { fields: [{ field: 'roles' }] } } },
    });
    expect(await admin.put('/users/01900000-0000-7000-8000-000000000000/roles', { roles: ['viewer'] })).toMatchObject({ status: 404, body: refusal('NOT_FOUND') });
  });

  it('lists keys without secrets, and a revoked key is refused at once (401)', async () => {
    const { body: issued } = await admin.post('/api-keys', { userId: ownerId, name: 'short-lived' });
    const holder = anonymous.withKey(issued.key);
    expect((await holder.post('/jobs', newJob())).status).toBe(201);

    const { status, body: keys } = await admin.get(`/api-keys?userId=${ownerId}`);
    expect(status).toBe(200);
    const listed = keys.find((key: { id: string }) => key.id === issued.id);
    expect(listed).toMatchObject({ prefix: issued.prefix, revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(keys)).not.toContain(issued.key.slice(17));
    expect(keys.every((key: object) => !('key' in key) && !('keyHash' in key))).toBe(true);

    expect((await admin.delete(`/api-keys/${issued.id}`)).status).toBe(204);
    expect(await holder.get('/jobs')).toMatchObject({ status: 401, body: refusal('UNAUTHENTICATED') });
    expect((await admin.delete(`/api-keys/${issued.id}`)).status).toBe(204);
    expect(await admin.delete('/api-keys/01900000-0000-7000-8000-000000000000')).toMatchObject({ status: 404, body: refusal('NOT_FOUND') });
  });

  it('refuses an expiry in the past, naming the field', async () => {
    expect(await admin.post('/api-keys', { userId: ownerId, name: 'old', expiresAt: '2000-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION', details: { fields: [{ field: 'expiresAt' }] } } },
    });
  });

  describe('with a limit of 5 requests per minute', () => {
    let limited: AppProcess;

    beforeAll(async () => {
      limited = await AppProcess.start('gateway', { ...t.env, RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    });

    afterAll(() => limited?.stop());

    it('answers 429 with Retry-After past the limit, per key, per IP without a key, never on health', async () => {
      const limitedViewer = new HttpClient(limited.url, (await issueTestApiKey(t.db.dataSource, 'viewer')).key);
      for (let i = 0; i < 5; i++) expect((await limitedViewer.get('/api-keys')).status).toBe(403);
      const over = await limitedViewer.get('/jobs');
      expect(over).toMatchObject({ status: 429, body: refusal('RATE_LIMITED') });
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

      // Another key has its own budget.
      const other = new HttpClient(limited.url, (await issueTestApiKey(t.db.dataSource, 'viewer')).key);
      expect((await other.get('/jobs/01900000-0000-7000-8000-000000000000?consistency=strong')).status).toBe(404);

      const stranger = new HttpClient(limited.url);
      for (let i = 0; i < 5; i++) expect((await stranger.get('/jobs')).status).toBe(401);
      expect(await stranger.get('/jobs')).toMatchObject({ status: 429, body: refusal('RATE_LIMITED') });
      expect((await stranger.get('/health/ready')).status).toBe(200);
    });
  });
});
