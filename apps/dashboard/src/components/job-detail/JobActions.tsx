import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api';
import type { JobsPageState } from '../../pages/JobsPage';
import { canTransition, Job, JobStatus } from '../../types';
import { ErrorAlert } from '../ErrorAlert';
import { shortId } from '../format';
import { jobKey } from './job-queries';

const TRANSITIONS: { to: JobStatus; label: string; testId: string }[] = [
  { to: 'RUNNING', label: 'Start', testId: 'action-start' },
  { to: 'COMPLETED', label: 'Complete', testId: 'action-complete' },
  { to: 'FAILED', label: 'Fail', testId: 'action-fail' },
  { to: 'CANCELLED', label: 'Cancel', testId: 'action-cancel' },
];

/** A write, carrying the version the user saw when they clicked: it becomes If-Match. */
type Write = { version: number } & ({ kind: 'transition'; to: JobStatus; errorMessage?: string } | { kind: 'delete' });

/**
 * The status changes legal from the job's status, and Delete. Each is sent with If-Match of the
 * version shown, so a job someone else changed meanwhile is refused (409) rather than overwritten.
 */
export function JobActions({ job }: { job: Job }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const write = useMutation({
    /** The job after a status change; null after a delete. */
    mutationFn: async (change: Write): Promise<Job | null> => {
      if (change.kind === 'transition') {
        return api<Job>('PATCH', `/jobs/${job.id}/status`, { body: { status: change.to, errorMessage: change.errorMessage }, ifMatch: change.version });
      }
      await api<void>('DELETE', `/jobs/${job.id}`, { ifMatch: change.version });
      return null;
    },
    onSuccess: (changed) => {
      if (!changed) {
        const state: JobsPageState = { notice: `Job ${shortId(job.id)} was deleted.` };
        navigate('/jobs', { state });
        return;
      }
      queryClient.setQueryData(jobKey(job.id, 'postgres'), changed);
      void queryClient.invalidateQueries({ queryKey: jobKey(job.id) });
    },
  });

  const transition = (to: JobStatus) => {
    if (to !== 'FAILED') return write.mutate({ kind: 'transition', to, version: job.version });
    const errorMessage = window.prompt('Why did the job fail? This becomes its error message.');
    if (errorMessage === null) return;
    write.mutate({ kind: 'transition', to, version: job.version, errorMessage: errorMessage.trim() || undefined });
  };
  const remove = () => {
    if (window.confirm(`Delete job ${shortId(job.id)}? This cannot be undone.`)) write.mutate({ kind: 'delete', version: job.version });
  };
  const reload = () => {
    write.reset();
    void queryClient.invalidateQueries({ queryKey: jobKey(job.id) });
  };

  return (
    <section className="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading" className="visually-hidden">
        Actions
      </h2>
      <div className="button-row">
        {TRANSITIONS.filter(({ to }) => canTransition(job.status, to)).map(({ to, label, testId }) => (
          <button key={to} type="button" data-testid={testId} disabled={write.isPending} onClick={() => transition(to)}>
            {label}
          </button>
        ))}
        <button type="button" className="danger" data-testid="action-delete" disabled={write.isPending} onClick={remove}>
          Delete
        </button>
      </div>
      {write.error ? <WriteError error={write.error} onReload={reload} /> : null}
    </section>
  );
}

function WriteError({ error, onReload }: { error: unknown; onReload(): void }) {
  if (!(error instanceof ApiError && error.body.code === 'VERSION_CONFLICT')) return <ErrorAlert error={error} />;
  return (
    <div role="alert" className="alert alert-error" data-testid="conflict">
      This job changed since you loaded it: it is now at version {error.body.details?.currentVersion ?? 'unknown'}.{' '}
      <button type="button" onClick={onReload}>
        Reload
      </button>
    </div>
  );
}
