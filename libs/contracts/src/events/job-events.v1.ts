import { Equal, Expect, Job, JOB_STATUSES, JOB_TYPES } from '@jobstream/domain';
import { z } from 'zod';
import { envelopeShape, EventEnvelope, isoDateTime } from './event-envelope';

export const JOB_AGGREGATE = 'job';
export const JOB_CREATED = 'job.created';
export const JOB_STATUS_CHANGED = 'job.status-changed';
/** The job's owner or workspace changed (name, email, hostname): the job's view of them moved on. */
export const JOB_OWNER_CHANGED = 'job.owner-changed';
/** Re-sent by the reconciler for a job whose document is missing or behind. */
export const JOB_RESYNCED = 'job.resynced';
export const JOB_DELETED = 'job.deleted';
/** Events whose payload is a whole job snapshot. */
export const JOB_SNAPSHOT_EVENT_TYPES = [JOB_CREATED, JOB_STATUS_CHANGED, JOB_OWNER_CHANGED, JOB_RESYNCED] as const;
export const JOB_EVENT_TYPES = [...JOB_SNAPSHOT_EVENT_TYPES, JOB_DELETED] as const;
export type JobSnapshotEventType = (typeof JOB_SNAPSHOT_EVENT_TYPES)[number];
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];
export const JOB_EVENT_SCHEMA_VERSION = 1;

/**
 * The v1 job snapshot, field by field: the one place a job's fields are written with their types.
 * Every job event carries the whole job as of its version, with the owner's name and email and
 * the workspace's hostname read in the same transaction; any single event is therefore enough to
 * build the search document, and the newest one wins whatever order they arrive in. Derived from
 * it: JobSnapshotV1, the published JSON Schemas, the snapshot SQL (libs/persistence), the search
 * document's type (libs/search) and the gateway's OpenAPI schema of a job. Written out elsewhere
 * but checked against it by the compiler: libs/domain's Job, the job row (JobEntity), the
 * document builder and the Elasticsearch mapping.
 */
export const jobSnapshotSchemaV1 = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid().nullable(),
    workspaceHostname: z.string().nullable(),
    userId: z.uuid(),
    userName: z.string(),
    userEmail: z.string().nullable(),
    // Added within v1: events written before it lack the field, and their users were live.
    userDeleted: z.boolean().default(false).describe('The user was deleted (soft delete): the job keeps its history and shows its owner as gone.'),
    status: z.enum(JOB_STATUSES),
    type: z.enum(JOB_TYPES),
    projectName: z.string(),
    hostname: z.string().nullable(),
    arch: z.string().nullable(),
    errorMessage: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    createdAt: isoDateTime(),
    updatedAt: isoDateTime(),
    completedAt: isoDateTime().nullable(),
    version: z.number().int().positive().describe('Grows by one with every write; pass it back as `expectedVersion` to refuse lost updates.'),
  })
  .describe('The whole job as of `version`, with its owner and workspace as they were in the same transaction.');

/** A job as every job event but the deletion carries it, and as the gateway answers it. */
export type JobSnapshotV1 = z.output<typeof jobSnapshotSchemaV1>;

/** The snapshot's fields in the contract's order. */
export const JOB_SNAPSHOT_FIELDS_V1 = Object.keys(jobSnapshotSchemaV1.shape) as readonly (keyof JobSnapshotV1)[];

/** What the snapshot adds to the job's own fields: its owner and workspace as of the same transaction. */
export type JobOwnerViewFieldV1 = Exclude<keyof JobSnapshotV1, keyof Job>;

/** The snapshot's job fields are libs/domain's Job, field for field and type for type. */
type _SnapshotHoldsTheJob = Expect<Equal<Pick<JobSnapshotV1, keyof Job>, Job>>;

/** A deleted job: `version` is one past the job's last version, so it outranks every earlier event. */
export interface JobDeletionV1 {
  id: string;
  version: number;
  deletedAt: string;
}

export type JobSnapshotEventV1 = EventEnvelope<JobSnapshotEventType, JobSnapshotV1>;
export type JobDeletedEventV1 = EventEnvelope<typeof JOB_DELETED, JobDeletionV1>;
export type JobEventV1 = JobSnapshotEventV1 | JobDeletedEventV1;

const snapshotEvent = <T extends JobSnapshotEventType>(type: T) =>
  z.object({ ...envelopeShape(type, JOB_AGGREGATE, JOB_EVENT_SCHEMA_VERSION), payload: jobSnapshotSchemaV1 });

/** One schema per job event type: the contract published to other teams (docs/events). */
export const JOB_EVENT_SCHEMAS_V1 = {
  [JOB_CREATED]: snapshotEvent(JOB_CREATED).describe('A job was created (version 1).'),
  [JOB_STATUS_CHANGED]: snapshotEvent(JOB_STATUS_CHANGED).describe("A job's status changed."),
  [JOB_OWNER_CHANGED]: snapshotEvent(JOB_OWNER_CHANGED).describe("The job's user (name, email) or workspace (hostname) changed."),
  [JOB_RESYNCED]: snapshotEvent(JOB_RESYNCED).describe('The current state of a job, re-sent to repair a consumer that fell behind.'),
  [JOB_DELETED]: z
    .object({
      ...envelopeShape(JOB_DELETED, JOB_AGGREGATE, JOB_EVENT_SCHEMA_VERSION),
      payload: z.object({ id: z.uuid(), version: z.number().int().positive(), deletedAt: isoDateTime() }),
    })
    .describe("A job was deleted; `version` is one past its last, so it outranks every earlier event."),
};
const jobEventSchema = z.discriminatedUnion('type', [
  JOB_EVENT_SCHEMAS_V1[JOB_CREATED],
  JOB_EVENT_SCHEMAS_V1[JOB_STATUS_CHANGED],
  JOB_EVENT_SCHEMAS_V1[JOB_OWNER_CHANGED],
  JOB_EVENT_SCHEMAS_V1[JOB_RESYNCED],
  JOB_EVENT_SCHEMAS_V1[JOB_DELETED],
]);

/** Parses a decoded message body; throws with the list of problems when it is not a v1 job event. */
export function parseJobEvent(body: unknown): JobEventV1 {
  const result = jobEventSchema.safeParse(body);
  if (!result.success) {
    throw new Error(`not a job event v1: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
