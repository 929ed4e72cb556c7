import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { eventJsonSchemas, eventSchemaFileName, renderJsonSchema } from './event-json-schemas';
import { parseJobEvent } from './job-events.v1';

const DOCS = join(__dirname, '../../../../docs/events');
const committed = (type: string) => JSON.parse(readFileSync(join(DOCS, eventSchemaFileName(type)), 'utf8'));

/** The first ```json block of docs/events/README.md: the example other teams read. */
function documentedExample(): Record<string, any> {
  const readme = readFileSync(join(DOCS, 'README.md'), 'utf8');
  return JSON.parse(/```json\n([\s\S]*?)\n```/.exec(readme)![1]);
}

describe('the published event schemas (docs/events)', () => {
  const generated = eventJsonSchemas();

  it('are exactly what the contracts generate now (else run `npm run contracts:schemas`)', () => {
    const files = readdirSync(DOCS).filter((name) => name.endsWith('.schema.json'));

    expect(files.sort()).toEqual(Object.keys(generated).map(eventSchemaFileName).sort());
    for (const [type, schema] of Object.entries(generated)) {
      expect(readFileSync(join(DOCS, eventSchemaFileName(type)), 'utf8')).toBe(renderJsonSchema(schema));
    }
  });

  it('accept the documented example and refuse it broken', () => {
    const example = documentedExample();
    const schema = z.fromJSONSchema(committed(example.type));

    expect(schema.safeParse(example).error).toBeUndefined();
    expect(parseJobEvent(example)).toEqual(example);
    expect(schema.safeParse({ ...example, payload: { ...example.payload, addedLater: true } }).success).toBe(true);
    expect(schema.safeParse({ ...example, aggregateVersion: 0 }).success).toBe(false);
    expect(schema.safeParse({ ...example, type: 'job.created' }).success).toBe(false);
    expect(schema.safeParse({ ...example, payload: { ...example.payload, status: 'SLEEPING' } }).success).toBe(false);
    const { eventId: _eventId, ...withoutId } = example;
    expect(schema.safeParse(withoutId).success).toBe(false);
  });
});
