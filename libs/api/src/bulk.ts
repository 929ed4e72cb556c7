import { JobstreamError } from '@jobstream/domain';
import { Type } from '@nestjs/common';
import { ErrorBody, fromErrorBody, toErrorBody } from './error-body';
import { validateItems } from './validation.pipe';

/** A bulk command's reply over AMQP: per item, in request order, its result or its refusal in the error shape. */
export interface BulkReply<T> {
  items: (T | { error: ErrorBody })[];
}

/**
 * A bulk command at an edge: each item validated on its own (validateItems), `write` given only
 * the valid ones, and every item answered in request order with its result or its refusal, so
 * one bad item never fails the others.
 */
export async function writeEach<T extends object, R>(
  metatype: Type<T>,
  items: unknown[],
  write: (valid: T[]) => Promise<(R | JobstreamError)[]>,
): Promise<(R | JobstreamError)[]> {
  const checked = await validateItems(metatype, items);
  const valid = checked.filter((item): item is T => !(item instanceof JobstreamError));
  const written = valid.length > 0 ? await write(valid) : [];
  let next = 0;
  return checked.map((item) => (item instanceof JobstreamError ? item : written[next++]));
}

export function toBulkReply<R, T>(outcomes: (R | JobstreamError)[], ok: (result: R) => T): BulkReply<T> {
  return { items: outcomes.map((outcome) => (outcome instanceof JobstreamError ? { error: toErrorBody(outcome) } : ok(outcome))) };
}

/** The reverse of toBulkReply, for callers of the job-writer. */
export function fromBulkReply<T extends object>(reply: BulkReply<T>): (T | JobstreamError)[] {
  return reply.items.map((item) => ('error' in item ? fromErrorBody(item.error) : item));
}
