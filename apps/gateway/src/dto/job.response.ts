import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobStatus, JobType } from '@jobstream/domain';

// Classes mirroring the job contract, for the OpenAPI document (interfaces leave no runtime trace).

export class JobResponse implements JobSnapshotV1 {
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
  /** Increases with every write; send it back as `expectedVersion` to refuse lost updates. */
  version: number;
}

export class JobPageResponse {
  items: JobResponse[];
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** `elasticsearch`, or `postgres` when the search index is unavailable. */
  source: string;
}
