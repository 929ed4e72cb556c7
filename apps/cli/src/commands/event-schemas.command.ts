import { eventJsonSchemas, eventSchemaFileName, renderJsonSchema } from '@jobstream/contracts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Command, OK } from './command';

/** Publishes the event contracts: one JSON Schema file per event type and schema version. */
export const eventSchemas: Command = async (args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const dir = positionals[0] ?? 'docs/events';
  await mkdir(dir, { recursive: true });
  for (const [type, schema] of Object.entries(eventJsonSchemas())) {
    const file = join(dir, eventSchemaFileName(type));
    await writeFile(file, renderJsonSchema(schema));
    console.log(file);
  }
  return OK;
};
