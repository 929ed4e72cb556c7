import { EventEnvelope } from './event-envelope';
import {
  JOB_AGGREGATE,
  JOB_DELETED,
  JOB_EVENT_SCHEMA_VERSION,
  JobDeletedEventV1,
  JobDeletionV1,
  JobSnapshotEventType,
  JobSnapshotEventV1,
  JobSnapshotV1,
} from './job-events.v1';
import { OWNER_EVENT_SCHEMA_VERSION, OwnerChangedEventV1, USER_AGGREGATE, USER_CHANGED, WORKSPACE_AGGREGATE } from './owner-events.v1';
import { v7 as uuidv7 } from 'uuid';

type EnvelopeFields<T extends EventEnvelope> = Omit<T, 'eventId' | 'correlationId'> & { correlationId?: string };

function envelope<T extends EventEnvelope>({ correlationId, ...fields }: EnvelopeFields<T>): T {
  return { eventId: uuidv7(), ...fields, ...(correlationId ? { correlationId } : {}) } as T;
}

/** A job snapshot in the v1 envelope; the aggregate version is the job's version. */
export function jobEvent(type: JobSnapshotEventType, job: JobSnapshotV1, correlationId?: string): JobSnapshotEventV1 {
  return envelope<JobSnapshotEventV1>({
    aggregateType: JOB_AGGREGATE,
    aggregateId: job.id,
    aggregateVersion: job.version,
    type,
    schemaVersion: JOB_EVENT_SCHEMA_VERSION,
    occurredAt: job.updatedAt,
    correlationId,
    payload: job,
  });
}

export function jobDeletedEvent(deletion: JobDeletionV1, correlationId?: string): JobDeletedEventV1 {
  return envelope<JobDeletedEventV1>({
    aggregateType: JOB_AGGREGATE,
    aggregateId: deletion.id,
    aggregateVersion: deletion.version,
    type: JOB_DELETED,
    schemaVersion: JOB_EVENT_SCHEMA_VERSION,
    occurredAt: deletion.deletedAt,
    correlationId,
    payload: deletion,
  });
}

export function ownerChangedEvent(
  type: OwnerChangedEventV1['type'],
  owner: { id: string; version: number },
  correlationId?: string,
): OwnerChangedEventV1 {
  return envelope<OwnerChangedEventV1>({
    aggregateType: type === USER_CHANGED ? USER_AGGREGATE : WORKSPACE_AGGREGATE,
    aggregateId: owner.id,
    aggregateVersion: owner.version,
    type,
    schemaVersion: OWNER_EVENT_SCHEMA_VERSION,
    occurredAt: new Date().toISOString(),
    correlationId,
    payload: { id: owner.id },
  });
}
