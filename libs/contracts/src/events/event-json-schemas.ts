import { z } from 'zod';
import { HEARTBEAT_EVENT_SCHEMAS_V1 } from './heartbeat-events.v1';
import { JOB_EVENT_SCHEMAS_V1 } from './job-events.v1';
import { OWNER_EVENT_SCHEMAS_V1 } from './owner-events.v1';

/** Every event this system publishes, by type, at schema version 1. */
export const EVENT_SCHEMAS_V1 = { ...JOB_EVENT_SCHEMAS_V1, ...OWNER_EVENT_SCHEMAS_V1, ...HEARTBEAT_EVENT_SCHEMAS_V1 };
export type PublishedEventType = keyof typeof EVENT_SCHEMAS_V1;

/** Where each schema is published, relative to docs/events. */
export const eventSchemaFileName = (type: string) => `${type}.v1.schema.json`;

/**
 * The published JSON Schema (draft 2020-12) of each event, generated from the same zod schemas
 * the consumers parse with, so the documents cannot say something the code does not.
 */
export function eventJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(EVENT_SCHEMAS_V1).map(([type, schema]) => {
      // Input mode leaves objects open: fields added later within v1 must not fail consumers' validation.
      const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
      return [type, { $schema, $id: `urn:jobstream:event:${type}:v1`, title: `${type} v1`, ...rest }];
    }),
  );
}

/** A schema file's contents: stable key order as generated, two-space indent, trailing newline. */
export const renderJsonSchema = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;
