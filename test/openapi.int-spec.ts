import { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, TestEnvironment } from '@jobstream/testing';

jest.setTimeout(120_000);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const SOME_ID = '01900000-0000-7000-8000-000000000000';

describe('the gateway OpenAPI document and UI at /docs', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let gateway: AppProcess;
  let http: HttpClient;
  let document: OpenAPIObject;

  const schema = (name: string) => document.components!.schemas![name] as Record<string, any>;
  const refOf = (content: any) => content?.['application/json']?.schema?.$ref?.replace('#/components/schemas/', '');

  beforeAll(async () => {
    t = await createTestEnvironment('openapi');
    const writer = await AppProcess.start('job-writer', t.env);
    gateway = await AppProcess.start('gateway', t.env);
    apps = [writer, gateway];
    http = new HttpClient(gateway.url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    const { status, body } = await http.get<OpenAPIObject>('/docs-json');
    expect(status).toBe(200);
    document = body;
  });

  afterAll(async () => {
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${gateway.url}/docs`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toMatch(/swagger-ui/);
    // The UI's own scripts come from swagger-ui-dist, served next to the page.
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => new URL(match[1], response.url).href);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect((await fetch(script)).status).toBe(200);
  });

  // Served → documented is checked by apps/gateway/src/openapi.spec.ts against the router itself.
  it('documents only routes the gateway serves: each operation reaches a handler', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ method, path: path.replace(/\{\w+\}/g, SOME_ID) })),
    );
    expect(operations.length).toBeGreaterThan(5);
    const routeMiss = (body: any) => /^Cannot /.test(body?.error?.message);
    const unknown = await http.get('/no-such-route');
    expect(unknown.status === 404 && routeMiss(unknown.body)).toBe(true);

    const misses = [];
    for (const { method, path } of operations) {
      const { status, body } = await http.request(method.toUpperCase(), path, method === 'get' || method === 'delete' ? undefined : {});
      // Express's own 404 for an unknown route says "Cannot <METHOD> <path>"; handlers answer otherwise.
      if (status === 404 && routeMiss(body)) misses.push(`${method} ${path}`);
    }
    expect(misses).toEqual([]);
  });

  it('gives request bodies schemas carrying the class-validator constraints', () => {
    const bodies = Object.values(document.paths).flatMap((item) => METHODS.map((m) => item[m]?.requestBody).filter(Boolean));
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies) {
      expect(Object.keys(schema(refOf((body as any).content)).properties).length).toBeGreaterThan(0);
    }

    expect(refOf((document.paths['/jobs'].post!.requestBody as any).content)).toBe('CreateJobBody');
    const create = schema('CreateJobBody');
    expect(create.required).toEqual(expect.arrayContaining(['userId', 'type', 'projectName']));
    expect(create.properties).toMatchObject({
      userId: { type: 'string', format: 'uuid' },
      type: { enum: expect.arrayContaining(['IMAGE_BUILD']) },
      projectName: { type: 'string', maxLength: 255 },
      arch: { maxLength: 50 },
    });
    // Optional, so a client may retry a POST safely with the id it chose.
    expect(create.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(create.required).not.toContain('id');
    expect(schema('TransitionJobBody').properties).toMatchObject({
      status: { enum: expect.arrayContaining(['RUNNING', 'CANCELLED']) },
      expectedVersion: { minimum: 1 },
      errorMessage: { maxLength: 10_000 },
    });
  });

  it('describes the job and error responses as the gateway really sends them', async () => {
    const create = document.paths['/jobs'].post!.responses as Record<string, any>;
    expect(refOf(create['201'].content)).toBe('JobSnapshotV1');
    for (const status of ['400', '401', '403', '404', '409', '429', '503']) {
      expect(refOf(create[status].content)).toBe('ErrorResponse');
    }
    expect(refOf((document.paths['/jobs'].get!.responses['200'] as any).content)).toBe('JobPageResponse');

    const user = await http.post('/users', { email: 'docs@example.com', name: 'Docs' });
    const job = await http.post('/jobs', { userId: user.body.id, type: 'IMAGE_BUILD', projectName: 'docs' });
    expect(job.status).toBe(201);
    expect(Object.keys(job.body).sort()).toEqual(Object.keys(schema('JobSnapshotV1').properties).sort());
    expect(schema('JobSnapshotV1').properties.status.enum).toContain(job.body.status);

    const bad = await http.post('/jobs', { userId: 'nope', type: 'IMAGE_BUILD', projectName: 'docs' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(Object.keys(schema('ErrorResponse').properties));
    expect(schema('ErrorBodyDto').properties.code.enum).toContain(bad.body.error.code);
    expect(Object.keys(schema('FieldErrorDto').properties).sort()).toEqual(Object.keys(bad.body.error.details.fields[0]).sort());
  });

  it('declares the API-key scheme for every operation but the health checks and metrics', () => {
    expect(document.components!.securitySchemes!['api-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ 'api-key': [] }]);
    for (const open of ['/health/live', '/health/ready', '/health/pipeline', '/metrics']) expect(document.paths[open].get!.security).toEqual([]);
    expect(document.paths['/jobs'].get!.security).toBeUndefined();
  });

  it('serves the event contracts at /docs/events, as committed in docs/events', async () => {
    const { status, body: index } = await http.get<{ type: string; schema: string }[]>('/docs/events');

    expect(status).toBe(200);
    expect(index.map((entry) => entry.type)).toEqual(expect.arrayContaining(['job.created', 'job.deleted', 'user.changed']));
    for (const { schema } of index) {
      const committed = JSON.parse(readFileSync(join(__dirname, '../docs/events', schema.split('/').pop()!), 'utf8'));
      expect((await http.get(schema)).body).toEqual(committed);
    }
  });
});
