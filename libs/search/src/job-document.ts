import { JobSnapshotV1 } from '@jobstream/contracts';

/** The denormalized search document of seed 000: the job plus its owner and workspace. */
export interface JobDocument {
  jobId: string;
  userId: string;
  userName: string;
  userEmail: string | null;
  /** Absent from documents indexed before soft deletes; read as false. */
  userDeleted: boolean;
  workspaceId: string | null;
  workspaceHostname: string | null;
  projectName: string;
  hostname: string | null;
  arch: string | null;
  status: string;
  type: string;
  errorMessage: string | null;
  metadata: Record<string, unknown> | null;
  /** `key=value` for each scalar metadata entry, so metadata filters are exact term queries. */
  metadataPairs: string[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
}

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
