import { isBulkCommand, MAX_INPUT_DEPTH, tooDeep, unstorableText } from '@jobstream/contracts';
import { FieldError, JobstreamError } from '@jobstream/domain';
import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';

/** Field paths like `metadata.cpu`, with every message for that field. */
function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const refuse = (fields: FieldError[]) => new JobstreamError('VALIDATION', `invalid ${fields.map((f) => f.field).join(', ')}`, { fields });

/** `metadata.a[0]`, or `metadata["a key"]` where the key is no identifier (as libs/contracts input-rules names paths). */
const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;

/**
 * Keys the validation itself would drop without a word: Nest's pipe deletes `__proto__`,
 * `prototype` and `constructor` (against prototype pollution), and class-transformer skips keys
 * that name a method of Object.prototype (`toString`, `valueOf`, ...). A metadata entry under one
 * would be answered as accepted and never stored, an unknown field of that name ignored instead
 * of refused; so both are refused, naming the key.
 */
const DROPPED_KEYS = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** Every key in `value`, at any depth, that DROPPED_KEYS holds. Iterative: call after tooDeep. */
function droppedKeys(value: unknown, path: string): FieldError[] {
  const found: FieldError[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path }];
  for (let next; (next = stack.pop()); ) {
    if (next.value === null || typeof next.value !== 'object') continue;
    const array = Array.isArray(next.value);
    for (const [key, child] of Object.entries(next.value)) {
      const childPath = pathOf(next.path, array ? Number(key) : key);
      if (!array && DROPPED_KEYS.has(key)) found.push({ field: childPath, messages: [`${childPath} has a reserved name (${key}), which cannot be stored`] });
      stack.push({ value: child, path: childPath });
    }
  }
  return found;
}

/**
 * The one validation of HTTP and AMQP edges: unknown fields are refused, and every bad field is
 * named in the error. Before the DTO's own rules, every argument meets the rule of both stores
 * (libs/contracts input-rules): bounded nesting, and no string, key or value, that PostgreSQL
 * cannot store. `path` is where the value sits in its body (`items[3]` for an item of a bulk
 * command, see validateItems), so every refused field is named from the body's root.
 */
class StorableInputPipe extends ValidationPipe {
  constructor(private readonly path = '') {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: (errors) => refuse(flatten(errors, path)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const deep = tooDeep(value, MAX_INPUT_DEPTH, this.path);
      if (deep) throw refuse([{ field: deep, messages: [`${deep} nests too deeply`] }]);
      // A bulk command's items meet the rule one by one, in validateItems: one bad item is refused alone.
      const unstorable = isBulkCommand(metadata.metatype) ? [] : [...unstorableText(value, this.path), ...droppedKeys(value, this.path)];
      if (unstorable.length > 0) throw refuse(unstorable);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new StorableInputPipe();
}

/**
 * The items of a bulk command (libs/contracts BulkCommand), each validated on its own exactly as
 * the pipe validates a body: in order, the DTO instance, or the item's VALIDATION refusal naming
 * its fields from the body's root (`items[3].metadata`).
 */
export function validateItems<T extends object>(metatype: Type<T>, items: unknown[]): Promise<(T | JobstreamError)[]> {
  return Promise.all(
    items.map(async (item, i): Promise<T | JobstreamError> => {
      const path = `items[${i}]`;
      // The pipe would name a non-object `body`; here it is the item.
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return refuse([{ field: path, messages: [`${path} must be an object`] }]);
      try {
        return (await new StorableInputPipe(path).transform(item, { type: 'body', metatype })) as T;
      } catch (error) {
        if (error instanceof JobstreamError) return error;
        throw error;
      }
    }),
  );
}
