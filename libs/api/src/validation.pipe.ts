import { tooDeep, unstorableText } from '@jobstream/contracts';
import { FieldError, JobstreamError } from '@jobstream/domain';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';

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
 * The one validation pipe of HTTP and AMQP edges: unknown fields are refused, and every bad
 * field is named in the error. Before the DTO's own rules, every argument meets the rule of
 * both stores (libs/contracts input-rules): bounded nesting, and no string, key or value,
 * that PostgreSQL cannot store.
 */
class StorableInputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const deep = tooDeep(value);
      if (deep) throw refuse([{ field: deep, messages: [`${deep} nests too deeply`] }]);
      const unstorable = unstorableText(value);
      if (unstorable.length > 0) throw refuse(unstorable);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new StorableInputPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => refuse(flatten(errors)),
  });
}
