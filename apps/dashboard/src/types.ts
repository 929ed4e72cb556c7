/**
 * The gateway's answers as the dashboard reads them, derived from the libs that define them
 * (type-only imports, erased by the build) so a shape is written once. The job life cycle and the
 * lists of statuses and types come from libs/domain at run time (it imports no framework).
 */
import type { StatusChange as StatusChangeOf } from '@jobstream/audit';
import type { JobSnapshotV1 } from '@jobstream/contracts';
import type { JobSearchResponse, JobSyncState } from '@jobstream/job-queries';
import type { JobSortField, SortOrder as JobSortOrder } from '@jobstream/search';

export { canTransition, JOB_STATUSES, JOB_TYPES } from '@jobstream/domain';
export type { JobStatus, JobType } from '@jobstream/domain';

/** What a type becomes over JSON: dates arrive as ISO strings. */
export type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

export type Job = Json<JobSnapshotV1>;
export type JobPage = Json<JobSearchResponse>;
export type FacetName = keyof NonNullable<JobPage['facets']>;
export type FacetBucket = NonNullable<JobPage['facets']>[FacetName][number];
export type JobSync = Json<JobSyncState>;
export type StatusChange = Json<StatusChangeOf>;
export type SortField = JobSortField;
export type SortOrder = JobSortOrder;

/** The facets in the order the page shows them; `satisfies` fails the build when the API's change. */
export const FACET_NAMES = ['status', 'type', 'arch', 'projectName'] as const satisfies readonly FacetName[];
/** The sorts the page offers (all of libs/search's JOB_SORT_FIELDS, which the browser cannot import: that lib holds the Elasticsearch client). */
export const SORT_FIELDS = ['createdAt', 'updatedAt', 'completedAt'] as const satisfies readonly SortField[];
export const SORT_ORDERS = ['desc', 'asc'] as const satisfies readonly SortOrder[];

/** Every list but GET /jobs: apps/gateway/src/dto/page.response.ts */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
