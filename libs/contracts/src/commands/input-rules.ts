import type { FieldError } from '@jobstream/domain';
import { Matches } from 'class-validator';

/**
 * What a job's `metadata` may hold: a command is accepted only if both stores can hold it.
 * PostgreSQL's jsonb takes far more; the bounds are Elasticsearch's: every scalar entry becomes a
 * `key=value` keyword term (metadataPairs), and one term may not exceed Lucene's 32,766 bytes.
 * A key of 128 and a string of 4,096 characters make at most 4,225 characters, 16,900 bytes of
 * UTF-8: under the limit by construction. The size keeps events and documents small; metadata is
 * for labels, not logs.
 */
export const METADATA_LIMITS = {
  /** The metadata object serialized as JSON, in UTF-8 bytes. */
  maxBytes: 16_384,
  /** Levels of objects and arrays; the metadata object itself is level 1. */
  maxDepth: 8,
  /** Keys of objects at every level, together. */
  maxKeys: 200,
  maxKeyLength: 128,
  maxStringLength: 4_096,
} as const;

/**
 * Why `text` cannot be stored as it is, or null: PostgreSQL refuses NUL in text and jsonb, and a
 * lone UTF-16 surrogate has no UTF-8 encoding (the driver would silently store U+FFFD instead).
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'must be well-formed Unicode (a lone surrogate has no UTF-8 encoding)';
  return null;
}

/** `metadata.a[0]`, or `metadata["a key"]` where the key is no identifier. */
const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;

/**
 * Levels of objects and arrays any command or query may nest. Checked first, without recursion:
 * class-transformer, JSON.stringify and the checks below recurse, and a body of 100 kB can nest
 * 50,000 levels, enough to overflow the stack.
 */
export const MAX_INPUT_DEPTH = 32;

/** The path of the first value nested deeper than `maxDepth` levels in `value`, or null. */
export function tooDeep(value: unknown, maxDepth = MAX_INPUT_DEPTH, field = ''): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: field, depth: 0 }];
  for (let next; (next = stack.pop()); ) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= maxDepth) return next.path || 'value';
    for (const [key, child] of Object.entries(next.value)) {
      stack.push({ value: child, path: pathOf(next.path, Array.isArray(next.value) ? Number(key) : key), depth: next.depth + 1 });
    }
  }
  return null;
}

/**
 * Keys the validation itself would drop without a word: Nest's pipe deletes `__proto__`,
 * `prototype` and `constructor` (against prototype pollution), and class-transformer skips keys
 * that name a method of Object.prototype (`toString`, `valueOf`, ...). A metadata entry under one
 * would be answered as accepted and never stored, an unknown field of that name ignored instead
 * of refused; so both are refused, naming the key.
 */
const RESERVED_KEYS = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/**
 * Everything in `value` that cannot be stored as sent, named by its path from `field`: a string,
 * key or value, with a text problem (see textProblem), and a key with a reserved name. The rule
 * every command and query meets at the edge, whatever its DTO says; one walk of the body.
 */
export function unstorableInput(value: unknown, field = ''): FieldError[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ field: field || 'value', messages: [`${field || 'value'} ${problem}`] }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const array = Array.isArray(value);
  return Object.entries(value).flatMap(([key, child]) => {
    const path = pathOf(field, array ? Number(key) : key);
    const keyProblem = array ? null : textProblem(key);
    return [
      ...(keyProblem ? [{ field: path, messages: [`the key of ${path} ${keyProblem}`] }] : []),
      ...(!array && RESERVED_KEYS.has(key) ? [{ field: path, messages: [`${path} has a reserved name (${key}), which cannot be stored`] }] : []),
      ...unstorableInput(child, path),
    ];
  });
}

/** The first way `metadata` breaks METADATA_LIMITS, naming the entry and the limit, or null. */
export function metadataProblem(metadata: Record<string, unknown>, field = 'metadata'): string | null {
  let keys = 0;
  const visit = (value: unknown, path: string, depth: number): string | null => {
    if (typeof value === 'string') {
      return value.length > METADATA_LIMITS.maxStringLength
        ? `${path} must be at most ${METADATA_LIMITS.maxStringLength} characters (got ${value.length})`
        : null;
    }
    if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} must be a finite number`;
    if (value === null || typeof value !== 'object') return null;
    if (depth > METADATA_LIMITS.maxDepth) return `${path} nests deeper than ${METADATA_LIMITS.maxDepth} levels`;
    for (const [key, child] of Object.entries(value)) {
      const childPath = pathOf(path, Array.isArray(value) ? Number(key) : key);
      if (!Array.isArray(value)) {
        if (++keys > METADATA_LIMITS.maxKeys) return `${field} must have at most ${METADATA_LIMITS.maxKeys} keys at all levels together`;
        if (key.length > METADATA_LIMITS.maxKeyLength) return `the key of ${childPath} must be at most ${METADATA_LIMITS.maxKeyLength} characters (got ${key.length})`;
      }
      const problem = visit(child, childPath, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  // Serialized only once the depth is known to be bounded.
  const problem = visit(metadata, field, 1);
  if (problem) return problem;
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  return bytes > METADATA_LIMITS.maxBytes ? `${field} must be at most ${METADATA_LIMITS.maxBytes} bytes as JSON (got ${bytes})` : null;
}

/**
 * A correlation id: it travels as an AMQP property (a short string, at most 255 bytes) and in
 * every log line, so ASCII without spaces or quotes, at most 128 characters (and bytes).
 */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

export const IsCorrelationId = (): PropertyDecorator =>
  Matches(CORRELATION_ID_PATTERN, { message: '$property must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -' });
