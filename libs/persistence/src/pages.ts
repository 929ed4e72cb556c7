import { decodeCursor, encodeCursor, JobstreamError, UUID_PATTERN } from '@jobstream/domain';
import { EntityManager, EntityTarget, FindOperator, FindOptionsWhere, IsNull, MoreThan } from 'typeorm';

export interface PageRequest {
  /** Page size, capped by the caller's validation. */
  size: number;
  /** Opaque: where the previous page ended. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface IdKey {
  id: string;
}

const isIdKey = (value: unknown): value is IdKey => typeof (value as IdKey | null)?.id === 'string' && UUID_PATTERN.test((value as IdKey).id);

/**
 * One page of rows matching equal-to filters (or TypeORM operators; undefined ones are ignored), in id order:
 * keyset paging on the primary key, so rows inserted or changed meanwhile never make a page
 * repeat or skip one that existed when paging began. The ids the gateway picks are UUIDv7, so
 * this is creation order for them.
 */
export async function findPage<T extends IdKey>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  filters: Partial<Record<keyof T, string | FindOperator<unknown> | undefined>>,
  page: PageRequest,
): Promise<Page<T>> {
  const where = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as FindOptionsWhere<T>;
  if (page.cursor) Object.assign(where, { id: MoreThan(decodeCursor(page.cursor, isIdKey).id) });
  const rows = await manager.find(entity, { where, order: { id: 'ASC' } as never, take: page.size + 1 });
  const items = rows.slice(0, page.size);
  return { items, nextCursor: rows.length > page.size ? encodeCursor({ id: items[items.length - 1].id }) : null };
}

/** The filter of lists of soft-deleted entities: live rows only, unless deleted ones are asked for too. */
export const liveRows = (includeDeleted = false) => (includeDeleted ? {} : { deletedAt: IsNull() });

/** A row by id, or a 404 naming what was looked for. */
export async function findByIdOrFail<T extends IdKey>(manager: EntityManager, entity: EntityTarget<T>, name: string, id: string): Promise<T> {
  const row = await manager.findOneBy(entity, { id } as FindOptionsWhere<T>);
  if (!row) throw JobstreamError.notFound(name, id);
  return row;
}
