/**
 * The gateway's answers as the dashboard reads them. Declared here rather than imported from the
 * repo's libs because Vite bundles only this app; each type names the file it mirrors.
 */

/** libs/domain/src/job-status.ts */
export const JOB_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The job life cycle of libs/domain/src/job-status.ts: which statuses each status may become. */
export const NEXT_STATUSES: Record<JobStatus, readonly JobStatus[]> = {
  PENDING: ['RUNNING', 'CANCELLED'],
  RUNNING: ['COMPLETED', 'FAILED', 'CANCELLED'],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
};

/** libs/domain/src/job-type.ts */
export const JOB_TYPES = ['WORKSPACE_CREATE', 'WORKSPACE_START', 'WORKSPACE_STOP', 'WORKSPACE_DELETE', 'IMAGE_BUILD'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** libs/search/src/job-search-query.ts */
export const SORT_FIELDS = ['createdAt', 'updatedAt', 'completedAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORT_ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** JobSnapshotV1 of libs/contracts/src/events/job-events.v1.ts. */
export interface Job {
  id: string;
  workspaceId: string | null;
  workspaceHostname: string | null;
  userId: string;
  userName: string;
  userEmail: string | null;
  userDeleted: boolean;
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

export const FACET_NAMES = ['status', 'type', 'arch', 'projectName'] as const;
export type FacetName = (typeof FACET_NAMES)[number];
export interface FacetBucket {
  value: string;
  count: number;
}

/** GET /jobs: apps/gateway/src/dto/job-page.response.ts */
export interface JobPage {
  items: Job[];
  /** Null when the PostgreSQL fallback could not count in time. */
  total: number | null;
  nextCursor: string | null;
  facets: Record<FacetName, FacetBucket[]> | null;
  facetsUnavailable: boolean;
  source: 'elasticsearch' | 'postgres';
}

/** GET /jobs/:id/sync: the job's row beside its search document. */
export interface JobSync {
  postgres: { version: number; esSyncVersion: number | null; esSyncedAt: string | null; updatedAt: string } | null;
  elasticsearch: { version: number; updatedAt: string } | null;
  state: 'in-step' | 'behind' | 'missing' | 'orphan' | 'deleted' | 'unknown';
  behindBy: number;
}

/** GET /jobs/:id/history: libs/audit/src/status-history.ts */
export interface StatusChange {
  at: string;
  action: string;
  /** Null for the system. */
  userId: string | null;
  from: string | null;
  to: string | null;
  version: number | null;
  /** Only for readers of the audit trail (audit:read). */
  ipAddress?: string | null;
  userAgent?: string | null;
}

/** Every list but GET /jobs: apps/gateway/src/dto/page.response.ts */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
