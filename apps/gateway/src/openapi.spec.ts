import 'reflect-metadata';
import { createOpenApiDocument } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { JOB_SNAPSHOT_FIELDS_V1 } from '@jobstream/contracts';
import { JOB_STATUSES } from '@jobstream/domain';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SchemaObject } from '@nestjs/swagger';
import { Express } from 'express';
import { gatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

/** What Express really routes to, as `METHOD /path/{param}`. */
function servedRoutes(app: INestApplication): string[] {
  const express: Express = app.getHttpAdapter().getInstance();
  return express.router.stack.flatMap(({ route }) => {
    if (!route) return [];
    const methods = new Set(route.stack.map((handler) => handler.method.toUpperCase()));
    return [...methods].map((method) => `${method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  });
}

describe('the gateway OpenAPI document', () => {
  let app: INestApplication;

  // Preview mode registers every route without instantiating providers, so no service is needed.
  beforeAll(async () => {
    app = await NestFactory.create(GatewayModule.forConfig(loadConfig(gatewayConfig, {})), { preview: true, logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it('documents exactly the routes the gateway serves', () => {
    const document = createOpenApiDocument(app, { title: 'test' });
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );

    const served = servedRoutes(app);
    expect(served.length).toBeGreaterThan(5);
    expect([...documented].sort()).toEqual([...served].sort());
  });

  it('describes a job as the v1 event contract does, field for field', () => {
    const document = createOpenApiDocument(app, { title: 'test' });
    const job = document.components!.schemas!.JobSnapshotV1 as SchemaObject;
    const properties = job.properties as Record<string, SchemaObject>;

    expect(Object.keys(properties)).toEqual(JOB_SNAPSHOT_FIELDS_V1);
    expect(job.required).toEqual(JOB_SNAPSHOT_FIELDS_V1);
    expect(properties.status.enum).toEqual(JOB_STATUSES);
    expect(properties.workspaceId).toMatchObject({ type: 'string', format: 'uuid', nullable: true });
    expect(properties.version).toMatchObject({ type: 'integer', description: expect.stringContaining('expectedVersion') });
  });
});
