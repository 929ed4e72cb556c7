import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobDocument } from './job-document';

/**
 * The fields a search filters on by exact value, each a keyword of the document and a column of
 * the job row of the same name, in the order both stores apply them. `hostname` is the host the
 * job runs on (at creation it defaults to its workspace's hostname).
 */
export const JOB_TERM_FILTERS = ['userId', 'userEmail', 'workspaceId', 'projectName', 'hostname', 'arch'] as const satisfies readonly (keyof JobDocument)[];
export type JobTermFilter = (typeof JOB_TERM_FILTERS)[number];

/** The job's times: a search filters each by a range, and sorts by any of them. */
export const JOB_TIME_FIELDS = ['createdAt', 'updatedAt', 'completedAt'] as const satisfies readonly (keyof JobDocument)[];
export type JobTimeField = (typeof JOB_TIME_FIELDS)[number];
export const JOB_SORT_FIELDS = JOB_TIME_FIELDS;
export type JobSortField = JobTimeField;

/** The fields a search counts its matches by (facets), in the answer's order. */
export const JOB_FACET_FIELDS = ['status', 'type', 'arch', 'projectName'] as const satisfies readonly (keyof JobDocument)[];
export type JobFacetField = (typeof JOB_FACET_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Jobs are ordered by one of their times, then by id in the same direction; jobs without that time come last. */
export interface JobSort {
  field: JobSortField;
  order: SortOrder;
}

/**
 * The times a search may name, in filters and cursor positions: years 0001 to 9999 (UTC), which
 * both stores read alike as `toISOString` writes them. Past them JavaScript writes signed
 * six-digit years (`+010000-01-01T00:00:00.000Z`) and year 0, which PostgreSQL refuses.
 */
export const SEARCH_TIME_BOUNDS = { min: Date.parse('0001-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') } as const;

/** Whether `epochMs` is a time a search may name (see SEARCH_TIME_BOUNDS). */
export const isSearchTime = (epochMs: number): boolean =>
  Number.isFinite(epochMs) && epochMs >= SEARCH_TIME_BOUNDS.min && epochMs <= SEARCH_TIME_BOUNDS.max;

/** Half-open: `from` inclusive, `to` exclusive; ISO-8601 at millisecond precision. */
export interface TimeRange {
  from?: string;
  to?: string;
}

/** A scalar metadata entry the job must have, compared as text (`{"retries": 3}` matches `retries` = `3`). */
export interface MetadataFilter {
  key: string;
  value: string;
}

/** Where the previous page ended: the last job's sort time (null when it has none) and id. */
export interface JobCursorPosition {
  time: string | null;
  id: string;
}

/**
 * The dashboard's question, the same for Elasticsearch and the PostgreSQL fallback: any of these
 * statuses and types, the exact values of JOB_TERM_FILTERS, a range of each of JOB_TIME_FIELDS.
 */
export interface JobSearchQuery extends Partial<Record<JobTermFilter, string>>, Partial<Record<JobTimeField, TimeRange>> {
  statuses?: string[];
  types?: string[];
  metadata?: MetadataFilter[];
  /** Plain words, all of which must occur in the error message or the project name; never query syntax. */
  text?: string;
  sort: JobSort;
  size: number;
  after?: JobCursorPosition;
}

export interface FacetBucket {
  value: string;
  count: number;
}

export type JobFacets = Record<JobFacetField, FacetBucket[]>;

/** How many buckets each facet lists: count descending, then value in byte order. */
export const FACET_SIZES: Record<JobFacetField, number> = { status: 10, type: 10, arch: 20, projectName: 10 };

export interface JobSearchResult {
  items: JobSnapshotV1[];
  /** Null when the fallback could not count in time (see `facets`). */
  total: number | null;
  /** The position after the last item when more jobs follow, else null. */
  next: JobCursorPosition | null;
  /** Null when the fallback could not compute them in time. */
  facets: JobFacets | null;
  /** The Elasticsearch point in time later pages must read, if this sort uses one. */
  pointInTime?: string;
}

/** The time a job is sorted by, as the cursor records it. */
export function sortTimeOf(job: JobSnapshotV1, field: JobSortField): string | null {
  return job[field];
}

/** Trims the one extra row fetched to learn whether another page follows. */
export function pageOf(items: JobSnapshotV1[], query: Pick<JobSearchQuery, 'size' | 'sort'>): Pick<JobSearchResult, 'items' | 'next'> {
  const page = items.slice(0, query.size);
  const last = page.at(-1);
  return {
    items: page,
    next: items.length > query.size && last ? { time: sortTimeOf(last, query.sort.field), id: last.id } : null,
  };
}
