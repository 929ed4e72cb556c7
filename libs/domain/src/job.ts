import { JobstreamError } from './errors';
import { assertTransition, isTerminal, JobStatus } from './job-status';
import { JobType } from './job-type';

/** A job as the write side knows it; timestamps are ISO-8601 strings so snapshots serialise as-is. */
export interface Job {
  id: string;
  workspaceId: string | null;
  userId: string;
  status: JobStatus;
  type: JobType;
  projectName: string;
  hostname: string | null;
  arch: string | null;
  userEmail: string | null;
  errorMessage: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
}

/** Optimistic locking: a writer that read an older version must re-read before it writes. */
export function assertVersion(job: Pick<Job, 'id' | 'version'>, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== job.version) {
    throw JobstreamError.versionConflict('job', job.id, job.version, expectedVersion);
  }
}

/**
 * The next state of a job after a status change. Versions grow by one per write: they order
 * the job's events and become the external version of its search document.
 */
export function transitionJob(
  job: Job,
  to: JobStatus,
  change: { expectedVersion?: number; errorMessage?: string | null; now: string },
): Job {
  assertVersion(job, change.expectedVersion);
  assertTransition(job.status, to);
  return {
    ...job,
    status: to,
    errorMessage: change.errorMessage ?? job.errorMessage,
    completedAt: isTerminal(to) ? change.now : job.completedAt,
    updatedAt: change.now,
    version: job.version + 1,
  };
}
