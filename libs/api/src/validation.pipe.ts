import { FieldError, JobstreamError } from '@jobstream/domain';
import { ValidationError, ValidationPipe } from '@nestjs/common';

/** Field paths like `metadata.cpu`, with every message for that field. */
function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The one validation pipe of HTTP and AMQP edges: unknown fields are refused, and every bad
 * field is named in the error.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new JobstreamError('VALIDATION', `invalid ${fields.map((f) => f.field).join(', ')}`, { fields });
    },
  });
}
