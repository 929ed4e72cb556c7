import { JobStatus } from '../types';

/** A job status in a colored pill; the text, not the color, carries the meaning. */
export function StatusBadge({ status, testId }: { status: JobStatus; testId?: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid={testId}>
      {status}
    </span>
  );
}
