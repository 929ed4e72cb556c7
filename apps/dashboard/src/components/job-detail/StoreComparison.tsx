import { ReactNode } from 'react';
import { ApiError } from '../../api';
import { Job, JobSync } from '../../types';
import { describeError } from '../ErrorAlert';
import { Time } from '../format';
import { StatusBadge } from '../StatusBadge';

const FIELDS: { key: keyof Job; label: string }[] = [
  { key: 'id', label: 'Id' },
  { key: 'status', label: 'Status' },
  { key: 'version', label: 'Version' },
  { key: 'type', label: 'Type' },
  { key: 'projectName', label: 'Project' },
  { key: 'userId', label: 'Owner id' },
  { key: 'userName', label: 'Owner name' },
  { key: 'userEmail', label: 'Owner email' },
  { key: 'userDeleted', label: 'Owner deleted' },
  { key: 'workspaceId', label: 'Workspace id' },
  { key: 'workspaceHostname', label: 'Workspace hostname' },
  { key: 'hostname', label: 'Hostname' },
  { key: 'arch', label: 'Architecture' },
  { key: 'errorMessage', label: 'Error message' },
  { key: 'createdAt', label: 'Created' },
  { key: 'updatedAt', label: 'Updated' },
  { key: 'completedAt', label: 'Completed' },
  { key: 'metadata', label: 'Metadata' },
];
const TIME_FIELDS: (keyof Job)[] = ['createdAt', 'updatedAt', 'completedAt'];

/** The words for how the search index stands against PostgreSQL. */
function syncStateText(sync: JobSync | undefined): string {
  if (!sync) return 'checking…';
  switch (sync.state) {
    case 'in-step':
      return 'in step';
    case 'behind':
      return `behind by ${sync.behindBy}`;
    case 'missing':
      return 'missing from the search index';
    case 'deleted':
      return 'deleted';
    case 'orphan':
      return 'deleted, document still indexed';
    case 'unknown':
      return 'unknown: the search index does not answer';
  }
}

function FieldValue({ job, field }: { job: Job; field: keyof Job }): ReactNode {
  const value = job[field];
  if (field === 'status') return <StatusBadge status={job.status} />;
  if (field === 'metadata') return value === null ? <span className="muted">none</span> : <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
  if (TIME_FIELDS.includes(field)) return <Time iso={value as string | null} />;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined || value === '') return <span className="muted">none</span>;
  return <span className={field.endsWith('Id') || field === 'id' ? 'mono' : undefined}>{String(value)}</span>;
}

/** Why a store has no copy of the job: not found, or the error. */
const absence = (error: unknown) => (error instanceof ApiError && error.status === 404 ? 'not found' : describeError(error));

interface StoreCopy {
  job: Job | undefined;
  error: unknown;
}

/**
 * The PostgreSQL row beside the Elasticsearch document, field by field, with the versions and
 * times the sync check reports; fields where the two differ are marked.
 */
export function StoreComparison({ postgres, indexed, sync }: { postgres: StoreCopy; indexed: StoreCopy; sync: JobSync | undefined }) {
  return (
    <section aria-labelledby="stores-heading">
      <h2 id="stores-heading">PostgreSQL and the search index</h2>
      <p>
        Search index: <strong data-testid="sync-state">{syncStateText(sync)}</strong>
      </p>
      <div className="table-scroll">
        <table className="comparison">
          <caption className="visually-hidden">The job in each store</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">PostgreSQL (source of truth)</th>
              <th scope="col">Elasticsearch (search index)</th>
            </tr>
          </thead>
          <tbody>
            {(!postgres.job || !indexed.job) && (
              <tr>
                <th scope="row">Copy</th>
                <td>{postgres.job ? 'present' : absence(postgres.error)}</td>
                <td>{indexed.job ? 'present' : absence(indexed.error)}</td>
              </tr>
            )}
            {FIELDS.map(({ key, label }) => {
              const differs = !!postgres.job && !!indexed.job && JSON.stringify(postgres.job[key]) !== JSON.stringify(indexed.job[key]);
              return (
                <tr key={key} className={differs ? 'differs' : undefined}>
                  <th scope="row">
                    {label}
                    {differs && <span className="differs-mark">differs</span>}
                  </th>
                  <td>{postgres.job && <FieldValue job={postgres.job} field={key} />}</td>
                  <td>{indexed.job && <FieldValue job={indexed.job} field={key} />}</td>
                </tr>
              );
            })}
            <tr>
              <th scope="row">Last sent to the index</th>
              <td>
                {sync?.postgres?.esSyncVersion != null ? (
                  <>
                    version {sync.postgres.esSyncVersion}, <Time iso={sync.postgres.esSyncedAt} />
                  </>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
              <td>
                Updated: <Time iso={sync?.elasticsearch?.updatedAt} />
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
