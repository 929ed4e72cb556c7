import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from '../api';
import { DebouncedInput } from '../components/DebouncedInput';
import { ErrorAlert } from '../components/ErrorAlert';
import { FacetPanel } from '../components/jobs/FacetPanel';
import { JobFilters } from '../components/jobs/JobFilters';
import { JobsTable } from '../components/jobs/JobsTable';
import { Pager } from '../components/jobs/Pager';
import { liveUnlessRefused } from '../components/live';
import { useDocumentTitle } from '../components/use-document-title';
import { JobPage } from '../types';
import { jobsApiPath, JobsQuery, useJobsQuery } from '../url-query';

/** Set by the detail page after a delete. */
export interface JobsPageState {
  notice?: string;
}

/**
 * The current search, asked again every second while the tab is visible. The path is the key,
 * so a new search aborts the one in flight, and the last answer stays on screen until the next
 * arrives (no flash of an empty table).
 */
function useJobPage(query: JobsQuery) {
  const path = jobsApiPath(query);
  return useQuery({
    queryKey: ['jobs', path],
    queryFn: ({ signal }) => api<JobPage>('GET', path, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: liveUnlessRefused,
  });
}

export default function JobsPage() {
  useDocumentTitle('Jobs');
  const [query, update] = useJobsQuery();
  const { data: page, error, isPlaceholderData, isPending } = useJobPage(query);
  const notice = (useLocation().state as JobsPageState | null)?.notice;
  const searchId = useId();

  return (
    <div className="jobs-page">
      <h1>Jobs</h1>
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <div className="search-box" role="search">
        <label htmlFor={searchId}>Search error messages and project names</label>
        <DebouncedInput
          id={searchId}
          type="search"
          data-testid="search-input"
          value={query.q}
          maxLength={200}
          onCommit={(q) => update({ q }, { replace: true })}
        />
      </div>
      <div className="jobs-layout">
        <JobFilters query={query} update={update} />
        <section className="results" aria-labelledby="results-heading">
          <div className="results-header">
            <h2 id="results-heading">Results</h2>
            {page && (
              <p>
                <span data-testid="total">{page.total ?? 'unknown'}</span> matching jobs
              </p>
            )}
            {page?.source === 'postgres' && (
              <span className="fallback-badge" data-testid="fallback-badge">
                Answered by PostgreSQL (search fallback)
              </span>
            )}
          </div>
          {error ? <ErrorAlert error={error} /> : null}
          {isPending && <p role="status">Loading jobs…</p>}
          {page && (
            <>
              <JobsTable jobs={page.items} busy={isPlaceholderData} />
              <Pager query={query} nextCursor={page.nextCursor} />
            </>
          )}
        </section>
        {page && <FacetPanel page={page} query={query} update={update} />}
      </div>
    </div>
  );
}
