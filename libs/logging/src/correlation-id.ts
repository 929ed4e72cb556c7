import { randomUUID } from 'node:crypto';

/** The response header that carries a request's correlation id; also the AMQP header name. */
export const CORRELATION_HEADER = 'x-correlation-id';
/** Request headers a caller may pass its own id in, in order of preference. */
export const CORRELATION_REQUEST_HEADERS = [CORRELATION_HEADER, 'x-request-id'] as const;

// Ids end up in every log line and outbox row: short, and nothing that could forge a log field
// or break a grep.
const VALID = /^[A-Za-z0-9._:@-]{1,128}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && VALID.test(value);
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
