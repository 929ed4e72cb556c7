import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { JOB_STATUSES, JOB_TYPES, JobStatus, JobType, SORT_FIELDS, SORT_ORDERS, SortField, SortOrder } from './types';

/** Single-valued text filters of GET /jobs, by their parameter names. */
export const TEXT_FILTERS = ['userEmail', 'userId', 'workspaceId', 'projectName', 'hostname', 'arch'] as const;
export type TextFilter = (typeof TEXT_FILTERS)[number];

/** Time-range filters of GET /jobs (`from` inclusive, `to` exclusive), kept as ISO times. */
export const TIME_RANGES = [
  { label: 'Created', from: 'createdFrom', to: 'createdTo' },
  { label: 'Updated', from: 'updatedFrom', to: 'updatedTo' },
  { label: 'Completed', from: 'completedFrom', to: 'completedTo' },
] as const;
type TimeFilter = (typeof TIME_RANGES)[number]['from' | 'to'];

const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * The whole job search, read from and written to the page's URL with GET /jobs's own parameter
 * names, so a URL can be shared and the back button walks through earlier searches. An empty
 * string means "no filter".
 */
export type JobsQuery = Record<TextFilter | TimeFilter, string> & {
  q: string;
  status: JobStatus[];
  type: JobType[];
  /** `key:value` pairs, all of which must match. */
  metadata: string[];
  sort: SortField;
  order: SortOrder;
  size: number;
  /** The page after the first: the previous page's nextCursor. */
  cursor: string;
};

const TIME_FILTERS = TIME_RANGES.flatMap((range) => [range.from, range.to]);
const STRING_KEYS = ['q', ...TEXT_FILTERS, ...TIME_FILTERS, 'cursor'] as const;

const oneOf = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** Repeated or comma-separated values (GET /jobs takes both), keeping the known ones. */
const listOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  [...new Set(values.flatMap((value) => value.split(',')))].filter((value): value is T => allowed.includes(value as T));

export function readJobsQuery(params: URLSearchParams): JobsQuery {
  const size = Number.parseInt(params.get('size') ?? '', 10);
  const strings = Object.fromEntries(STRING_KEYS.map((key) => [key, params.get(key) ?? ''])) as Record<(typeof STRING_KEYS)[number], string>;
  return {
    ...strings,
    status: listOf(JOB_STATUSES, params.getAll('status')),
    type: listOf(JOB_TYPES, params.getAll('type')),
    metadata: params.getAll('metadata'),
    sort: oneOf(SORT_FIELDS, params.get('sort'), 'createdAt'),
    order: oneOf(SORT_ORDERS, params.get('order'), 'desc'),
    size: Number.isFinite(size) ? Math.min(Math.max(size, 1), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
  };
}

/** The query as search parameters, leaving out empty filters and defaults so URLs stay short. */
export function toSearchParams(query: JobsQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of STRING_KEYS) if (query[key] && key !== 'cursor') params.set(key, query[key]);
  for (const key of ['status', 'type', 'metadata'] as const) for (const value of query[key]) params.append(key, value);
  if (query.sort !== 'createdAt') params.set('sort', query.sort);
  if (query.order !== 'desc') params.set('order', query.order);
  if (query.size !== DEFAULT_PAGE_SIZE) params.set('size', String(query.size));
  // Last, so that pages of one search share the start of their URL.
  if (query.cursor) params.set('cursor', query.cursor);
  return params;
}

/**
 * The GET /jobs path for the query. The URL keeps the search box as typed (so typing a space is
 * not undone); the API gets it trimmed, and nothing when it is blank.
 */
export function jobsApiPath(query: JobsQuery): string {
  return `/jobs?${toSearchParams({ ...query, q: query.q.trim() })}`;
}

export interface QueryUpdateOptions {
  /** Replace the history entry rather than add one: for typing, where every keystroke is not a step back. */
  replace?: boolean;
}

/** Changes the search in the URL (see useJobsQuery). */
export type UpdateJobsQuery = (change: Partial<JobsQuery>, options?: QueryUpdateOptions) => void;

/**
 * The job search of the current URL and a way to change it. Any change but the cursor starts
 * again from the first page, since a cursor belongs to the search that produced it.
 */
export function useJobsQuery(): [JobsQuery, UpdateJobsQuery] {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readJobsQuery(params), [params]);
  const update = useCallback<UpdateJobsQuery>(
    (change, { replace = false } = {}) =>
      setParams((current) => toSearchParams({ ...readJobsQuery(current), cursor: '', ...change }), { replace }),
    [setParams],
  );
  return [query, update];
}
