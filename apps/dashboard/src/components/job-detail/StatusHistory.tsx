import { StatusChange } from '../../types';
import { ErrorAlert } from '../ErrorAlert';
import { Time } from '../format';
import { useJobHistory } from './job-queries';

/** What one change did to the job's status. */
function change({ action, from, to }: StatusChange): string {
  if (action === 'job.create') return `created as ${to}`;
  if (action === 'job.delete') return `deleted (was ${from})`;
  return from && to ? `${from} → ${to}` : action;
}

/** The job's status history from the audit trail: who and when; from where for readers of the audit trail. */
export function StatusHistory({ jobId, version }: { jobId: string; version: number | undefined }) {
  const history = useJobHistory(jobId, version);

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Status history</h2>
      <div data-testid="history">
        {history.error ? (
          <ErrorAlert error={history.error} />
        ) : !history.data ? (
          <p role="status">Loading history…</p>
        ) : history.data.items.length === 0 ? (
          <p className="muted">No recorded changes.</p>
        ) : (
          <ol className="history" aria-label="Changes, newest first">
            {history.data.items.map((record) => (
              <li key={`${record.at}-${record.action}`}>
                <strong>{change(record)}</strong>
                <div>
                  by <span className="mono">{record.userId ?? 'system'}</span>, <Time iso={record.at} />
                </div>
                {'ipAddress' in record && (
                  <div className="muted">
                    from {record.ipAddress ?? 'an unknown address'}
                    {record.userAgent && <> using {record.userAgent}</>}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
