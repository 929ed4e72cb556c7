import { AuditEntry } from '@jobstream/audit';

export type AuditVerb = 'create' | 'update' | 'delete' | 'transition';

/**
 * The audit entry of a write to `entity`, named as errors name it: `build schedule` is the
 * entity type `build-schedule` and its actions `build-schedule.create`, ...
 */
export function auditEntry(entity: string, verb: AuditVerb, id: string, states: { before?: unknown; after?: unknown }): AuditEntry {
  const entityType = entity.replace(/ /g, '-');
  return { action: `${entityType}.${verb}`, entityType, entityId: id, ...states };
}
