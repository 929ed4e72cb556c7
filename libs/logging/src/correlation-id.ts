import { CORRELATION_ID_PATTERN } from '@jobstream/contracts';
import { randomUUID } from 'node:crypto';

/** The response header that carries a request's correlation id; also the AMQP header name. */
export const CORRELATION_HEADER = 'x-correlation-id';
/** Request headers a caller may pass its own id in, in order of preference. */
export const CORRELATION_REQUEST_HEADERS = [CORRELATION_HEADER, 'x-request-id'] as const;


export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && CORRELATION_ID_PATTERN.test(value);
}

export const newCorrelationId = (): string => randomUUID();

/** The caller's id when it gave a valid one in any accepted header, else a new one. */
export function correlationIdOf(headers: Record<string, string | string[] | undefined>): string {
  for (const name of CORRELATION_REQUEST_HEADERS) {
    const value = headers[name];
    if (isValidCorrelationId(value)) return value;
  }
  return newCorrelationId();
}
