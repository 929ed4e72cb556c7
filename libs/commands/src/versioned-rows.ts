import { JobstreamError } from '@jobstream/domain';
import { EntityManager, EntityTarget } from 'typeorm';

/**
 * Locks a row for update and checks the caller's expected version: unknown → 404, stale →
 * 409 VERSION_CONFLICT with the current version, so the client can re-read and retry.
 */
export async function lockVersioned<T extends { id: string; version: number }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  name: string,
  id: string,
  expectedVersion?: number,
): Promise<T> {
  const row = await manager.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!row) throw JobstreamError.notFound(name, id);
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw JobstreamError.versionConflict(name, id, row.version, expectedVersion);
  }
  return row;
}

/** The fields of `changes` that are given and differ from `row`. */
export function changedFields<T extends object>(row: T, changes: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && row[key as keyof T] !== value),
  ) as Partial<T>;
}

/** A write to a soft-deleted row is a 409: the row is kept for history, not for changes. */
export function refuseDeleted(row: { id: string; deletedAt: Date | null }, name: string): void {
  if (row.deletedAt) throw new JobstreamError('CONFLICT', `${name} ${row.id} is deleted`, { entity: name, id: row.id });
}
