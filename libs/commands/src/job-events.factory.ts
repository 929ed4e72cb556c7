import { JOB_AGGREGATE, JOB_EVENT_SCHEMA_VERSION, JobEventType, JobEventV1, JobSnapshotV1 } from '@jobstream/contracts';
import { v7 as uuidv7 } from 'uuid';

/** Wraps a job snapshot in the v1 envelope; the aggregate version is the job's version. */
export function jobEvent(type: JobEventType, job: JobSnapshotV1, correlationId?: string): JobEventV1 {
  return {
    eventId: uuidv7(),
    aggregateType: JOB_AGGREGATE,
    aggregateId: job.id,
    aggregateVersion: job.version,
    type,
    schemaVersion: JOB_EVENT_SCHEMA_VERSION,
    occurredAt: job.updatedAt,
    ...(correlationId ? { correlationId } : {}),
    payload: job,
  };
}
