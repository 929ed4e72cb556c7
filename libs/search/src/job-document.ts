import { JobSnapshotV1 } from '@jobstream/contracts';

/**
 * The denormalized search document of seed 000: the job snapshot (job + owner + workspace) with
 * its id as `jobId`, and `metadataPairs`. Derived from the event contract, so a field added there
 * is missing here (toJobDocument, JOBS_MAPPING) until the compiler is satisfied.
 * `userDeleted` is absent from documents indexed before soft deletes; read as false.
 */
export interface JobDocument extends Omit<JobSnapshotV1, 'id'> {
  jobId: string;
  /** `key=value` for each scalar metadata entry, so metadata filters are exact term queries. */
  metadataPairs: string[];
}

/**
 * Written field by field rather than spread: it runs for every event, builds one object, and
 * keeps the documents' field order; the return type makes a missing or extra field an error.
 */
export function toJobDocument(job: JobSnapshotV1): JobDocument {
  return {
    jobId: job.id,
    userId: job.userId,
    userName: job.userName,
    userEmail: job.userEmail,
    userDeleted: job.userDeleted,
    workspaceId: job.workspaceId,
    workspaceHostname: job.workspaceHostname,
    projectName: job.projectName,
    hostname: job.hostname,
    arch: job.arch,
    status: job.status,
    type: job.type,
    errorMessage: job.errorMessage,
    metadata: job.metadata,
    metadataPairs: Object.entries(job.metadata ?? {})
      .filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value))
      .map(([key, value]) => `${key}=${String(value)}`),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    completedAt: job.completedAt,
    version: job.version,
  };
}
