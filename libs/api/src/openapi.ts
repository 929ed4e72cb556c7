import { eventJsonSchemas, eventSchemaFileName } from '@jobstream/contracts';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorResponse } from './error.response';
import { HTTP_STATUS } from './error-body';

export const API_KEY_SCHEME = 'api-key';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface OpenApiOptions {
  title: string;
  description?: string;
  /** Operations under these paths need no key (health checks). */
  publicPathPrefixes?: string[];
}

/** The error statuses every client should handle, with the codes each may carry. */
const ERROR_RESPONSES: { status: number; description: string }[] = [400, 401, 403, 404, 409, 413, 429, 503].map((status) => ({
  status,
  description: Object.entries(HTTP_STATUS)
    .filter(([, s]) => s === status)
    .map(([code]) => code)
    .join(', '),
}));

/** The OpenAPI document of an app's routes; schemas come from the DTOs through the swagger CLI plugin. */
export function createOpenApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion('1')
    .addSecurity(API_KEY_SCHEME, { type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: '`Authorization: Bearer <key>`' })
    .addSecurityRequirements(API_KEY_SCHEME)
    .addGlobalResponse(...ERROR_RESPONSES.map((response) => ({ ...response, type: ErrorResponse })))
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] });
  for (const [path, item] of Object.entries(document.paths)) {
    if (!options.publicPathPrefixes?.some((prefix) => path.startsWith(prefix))) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) operation.security = [];
    }
  }
  return document;
}

/** Serves the document's UI at /docs and the document itself at /docs-json. */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const document = createOpenApiDocument(app, options);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: options.title });
  return document;
}

/**
 * The published event contracts next to the API docs, public like them: an index at /docs/events
 * and each schema at /docs/events/<type>.v1.schema.json, as committed in docs/events.
 */
export function serveEventSchemas(app: INestApplication): void {
  const http = app.getHttpAdapter();
  const schemas = Object.entries(eventJsonSchemas()).map(([type, schema]) => ({ type, path: `/docs/events/${eventSchemaFileName(type)}`, schema }));
  const index = schemas.map(({ type, path }) => ({ type, schema: path }));
  http.get('/docs/events', (_request: unknown, response: unknown) => http.reply(response, index, 200));
  for (const { path, schema } of schemas) {
    http.get(path, (_request: unknown, response: unknown) => http.reply(response, schema, 200));
  }
}
