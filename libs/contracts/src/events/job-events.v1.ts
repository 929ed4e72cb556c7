import { JOB_STATUSES, JOB_TYPES, JobStatus, JobType } from '@jobstream/domain';
import { z } from 'zod';
import { EventEnvelope } from './event-envelope';

export const JOB_AGGREGATE = 'job';
export const JOB_CREATED = 'job.created';
export const JOB_STATUS_CHANGED = 'job.status-changed';
export const JOB_EVENT_TYPES = [JOB_CREATED, JOB_STATUS_CHANGED] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];
export const JOB_EVENT_SCHEMA_VERSION = 1;

/**
 * Every job event carries the whole job as of its version, with the owner's name and email and
 * the workspace's hostname read in the same transaction. Any single event is therefore enough
 * to build the search document, and the newest one wins whatever order they arrive in.
 */
export interface JobSnapshotV1 {
  id: string;
  workspaceId: string | null;
  workspaceHostname: string | null;
  userId: string;
  userName: string;
  userEmail: string | null;
  status: JobStatus;
  type: JobType;
  projectName: string;
  hostname: string | null;
  arch: string | null;
  errorMessage: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
}

export type JobEventV1 = EventEnvelope<JobEventType, JobSnapshotV1>;

const isoDate = z.iso.datetime({ offset: true });
const snapshotSchema = z.object({
  id: z.uuid(),
  workspaceId: z.uuid().nullable(),
  workspaceHostname: z.string().nullable(),
  userId: z.uuid(),
  userName: z.string(),
  userEmail: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  type: z.enum(JOB_TYPES),
  projectName: z.string(),
  hostname: z.string().nullable(),
  arch: z.string().nullable(),
  errorMessage: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  completedAt: isoDate.nullable(),
  version: z.number().int().positive(),
});
const jobEventSchema = z.object({
  eventId: z.uuid(),
  aggregateType: z.literal(JOB_AGGREGATE),
  aggregateId: z.uuid(),
  aggregateVersion: z.number().int().positive(),
  type: z.enum(JOB_EVENT_TYPES),
  schemaVersion: z.literal(JOB_EVENT_SCHEMA_VERSION),
  occurredAt: isoDate,
  correlationId: z.string().optional(),
  payload: snapshotSchema,
});

/** Parses a decoded message body; throws with the list of problems when it is not a v1 job event. */
export function parseJobEvent(body: unknown): JobEventV1 {
  const result = jobEventSchema.safeParse(body);
  if (!result.success) {
    throw new Error(`not a job event v1: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
