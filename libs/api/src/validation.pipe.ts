import { isBulkCommand, MAX_INPUT_DEPTH, tooDeep, unstorableInput } from '@jobstream/contracts';
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

/**
 * The one validation of HTTP and AMQP edges: unknown fields are refused, and every bad field is
 * named in the error. Before the DTO's own rules, every argument meets the rule of both stores
 * (libs/contracts input-rules): bounded nesting, no string, key or value, that PostgreSQL cannot
 * store, and no key the validation would drop. `path` is where the value sits in its body
 * (`items[3]` for an item of a bulk command, see validateItems), so every refused field is named
 * from the body's root.
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
      const unstorable = isBulkCommand(metadata.metatype) ? [] : unstorableInput(value, this.path);
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
