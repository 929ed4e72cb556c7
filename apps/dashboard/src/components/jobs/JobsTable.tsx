import { Link } from 'react-router-dom';
import { Job } from '../../types';
import { shortId, Time } from '../format';
import { StatusBadge } from '../StatusBadge';

const Empty = () => <span className="muted">none</span>;

/** One page of matching jobs; `busy` while the next answer is on its way. */
export function JobsTable({ jobs, busy }: { jobs: Job[]; busy: boolean }) {
  return (
    <div className="table-scroll">
      <table data-testid="results" aria-busy={busy}>
        <caption className="visually-hidden">Matching jobs</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Project</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Hostname</th>
            <th scope="col">Arch</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Version</th>
          </tr>
        </thead>
        <tbody>
          {jobs.length === 0 ? (
            <tr>
              <td colSpan={10} className="muted">
                No jobs match.
              </td>
            </tr>
          ) : (
            jobs.map((job) => (
              <tr key={job.id} data-testid="job-row" data-job-id={job.id} data-status={job.status}>
                <td>
                  <Link to={`/jobs/${job.id}`} title={job.id} className="mono">
                    {shortId(job.id)}
                  </Link>
                </td>
                <td>{job.projectName}</td>
                <td>{job.type}</td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>{job.userEmail ?? <Empty />}</td>
                <td>{job.hostname ?? <Empty />}</td>
                <td>{job.arch ?? <Empty />}</td>
                <td>
                  <Time iso={job.createdAt} />
                </td>
                <td>
                  <Time iso={job.updatedAt} />
                </td>
                <td className="number">{job.version}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
