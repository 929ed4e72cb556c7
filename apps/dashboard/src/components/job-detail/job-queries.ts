import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import { Job, JobSync, StatusChange } from '../../types';
import { LIVE_REFRESH_MS } from '../live';

type Store = 'postgres' | 'elasticsearch' | 'sync';

/** ['job', id] covers every live view of one job, for invalidating them together. */
export const jobKey = (id: string, store?: Store) => (store ? ['job', id, store] : ['job', id]);

const path = (id: string) => `/jobs/${encodeURIComponent(id)}`;

/** The PostgreSQL row (the source of truth, whose version writes must match), live. */
export const usePostgresJob = (id: string) =>
  useQuery({
    queryKey: jobKey(id, 'postgres'),
    queryFn: ({ signal }) => api<Job>('GET', `${path(id)}?consistency=strong`, { signal }),
    refetchInterval: LIVE_REFRESH_MS,
  });

/** The search document, live; a 404 while the job is not indexed yet, so it keeps asking. */
export const useIndexedJob = (id: string) =>
  useQuery({
    queryKey: jobKey(id, 'elasticsearch'),
    queryFn: ({ signal }) => api<Job>('GET', path(id), { signal }),
    refetchInterval: LIVE_REFRESH_MS,
  });

export const useJobSync = (id: string) =>
  useQuery({
    queryKey: jobKey(id, 'sync'),
    queryFn: ({ signal }) => api<JobSync>('GET', `${path(id)}/sync`, { signal }),
    refetchInterval: LIVE_REFRESH_MS,
  });

/**
 * The job's status changes from the audit trail, newest first. Keyed by the job's version rather
 * than polled: an audit row commits with its change, so a new version is exactly when there can be a new row.
 */
export const useJobHistory = (id: string, version: number | undefined) =>
  useQuery({
    queryKey: ['history', 'job', id, version],
    queryFn: ({ signal }) => api<{ items: StatusChange[] }>('GET', `${path(id)}/history`, { signal }),
    placeholderData: keepPreviousData,
  });

/**
 * A store's copy of the job, or undefined once the store answers 404 (the job was deleted, or is
 * not indexed yet). A failed refetch otherwise leaves react-query's last data in place, which is
 * right for an outage and wrong for a deletion.
 */
export const presentCopy = ({ data, error }: { data: Job | undefined; error: unknown }) =>
  error instanceof ApiError && error.status === 404 ? undefined : data;
