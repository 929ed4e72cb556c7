import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { Overview } from './types';

export const OVERVIEW_KEY = ['operations', 'overview'];
const POLL_MS = 2_000;
/** Two minutes of samples at one every 2 s: enough to see a trend, small enough to keep in memory. */
export const HISTORY_SIZE = 60;

/** The overview, polled while the page is visible; sections share the one query. */
export const useOverview = () =>
  useQuery({ queryKey: OVERVIEW_KEY, queryFn: ({ signal }) => api<Overview>('GET', '/operations/overview', { signal }), refetchInterval: POLL_MS });

/** The last HISTORY_SIZE distinct samples, oldest first, kept for as long as the page is open. */
export function useOverviewHistory(latest: Overview | undefined): Overview[] {
  const [history, setHistory] = useState<Overview[]>([]);
  useEffect(() => {
    if (!latest) return;
    // A cached answer shown again (remount, refetch on focus) is no new sample.
    setHistory((samples) => (samples.at(-1)?.sampledAt === latest.sampledAt ? samples : [...samples, latest].slice(-HISTORY_SIZE)));
  }, [latest]);
  return history;
}
