import { Job } from '@jobstream/domain';
import { JobEntity } from './entities';

/** The domain view of a job row. */
export function toJob(row: JobEntity): Job {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    userId: row.userId,
    status: row.status,
    type: row.type,
    projectName: row.projectName,
    hostname: row.hostname,
    arch: row.arch,
    userEmail: row.userEmail,
    errorMessage: row.errorMessage,
    metadata: row.metadata,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    version: row.version,
  };
}
