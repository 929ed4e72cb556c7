import { useParams } from 'react-router-dom';
import { hasPermission } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { shortId } from '../components/format';
import { JobActions } from '../components/job-detail/JobActions';
import { presentCopy, useIndexedJob, useJobSync, usePostgresJob } from '../components/job-detail/job-queries';
import { StatusHistory } from '../components/job-detail/StatusHistory';
import { StoreComparison } from '../components/job-detail/StoreComparison';
import { StatusBadge } from '../components/StatusBadge';
import { useDocumentTitle } from '../components/use-document-title';
import { useSession } from '../session';

/**
 * One job, live: its PostgreSQL row (the truth, whose version the actions send as If-Match)
 * beside its search document, the sync state, its status history and the actions the role allows.
 */
export default function JobDetailPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const postgres = usePostgresJob(id);
  const indexed = useIndexedJob(id);
  const sync = useJobSync(id);
  const row = presentCopy(postgres);
  const searchDoc = presentCopy(indexed);
  // The search document stands in while PostgreSQL cannot answer (or has just deleted the job).
  const job = row ?? searchDoc;
  useDocumentTitle(`Job ${shortId(id)}`);

  if (!job) {
    const loading = postgres.isPending || indexed.isPending;
    return (
      <>
        <h1>{loading ? `Job ${shortId(id)}` : 'Job not found'}</h1>
        {loading ? <p role="status">Loading job…</p> : <ErrorAlert error={postgres.error} />}
      </>
    );
  }

  return (
    <>
      <h1>
        Job <span className="mono">{shortId(job.id)}</span>
      </h1>
      <p className="subtitle">
        {job.projectName} · {job.type} · <span className="mono">{job.id}</span>
      </p>
      <dl className="summary">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={job.status} testId="job-status" />
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="job-version">{job.version}</dd>
        </div>
      </dl>
      {hasPermission(session ?? undefined, 'write') && row && <JobActions job={row} />}
      <StoreComparison postgres={{ job: row, error: postgres.error }} indexed={{ job: searchDoc, error: indexed.error }} sync={sync.data} />
      <StatusHistory jobId={job.id} version={row?.version} />
    </>
  );
}
