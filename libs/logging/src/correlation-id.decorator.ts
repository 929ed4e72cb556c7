import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The HTTP request's correlation id (see `loggingParams`), for commands that carry it on. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const id = context.switchToHttp().getRequest<{ id?: unknown }>().id;
  return typeof id === 'string' ? id : undefined;
});
