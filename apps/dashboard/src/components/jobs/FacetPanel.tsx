import { FACET_NAMES, FacetName, JobPage, JobStatus, JobType } from '../../types';
import { JobsQuery, UpdateJobsQuery } from '../../url-query';

const FACET_LABELS: Record<FacetName, string> = { status: 'Status', type: 'Type', arch: 'Architecture', projectName: 'Top projects' };

/** Whether a facet value is among the current filters. */
function isSelected(query: JobsQuery, facet: FacetName, value: string): boolean {
  return facet === 'status' || facet === 'type' ? (query[facet] as string[]).includes(value) : query[facet] === value;
}

/** The filter change a click on a facet value makes: status and type add or remove it, arch and project (one value each) set or clear it. */
function toggle(query: JobsQuery, facet: FacetName, value: string): Partial<JobsQuery> {
  const selected = isSelected(query, facet, value);
  switch (facet) {
    case 'status':
      return { status: selected ? query.status.filter((s) => s !== value) : [...query.status, value as JobStatus] };
    case 'type':
      return { type: selected ? query.type.filter((t) => t !== value) : [...query.type, value as JobType] };
    default:
      return { [facet]: selected ? '' : value };
  }
}

/** Counts among all matching jobs, each a button that toggles its filter. */
export function FacetPanel({ page, query, update }: { page: JobPage; query: JobsQuery; update: UpdateJobsQuery }) {
  const facets = page.facetsUnavailable ? null : page.facets;
  return (
    <section className="facets" aria-labelledby="facets-heading">
      <h2 id="facets-heading">Counts</h2>
      {!facets ? (
        <p className="muted">Counts are unavailable: the PostgreSQL fallback could not count in time.</p>
      ) : (
        FACET_NAMES.map((facet) => (
          <div key={facet} className="facet">
            <h3>{FACET_LABELS[facet]}</h3>
            {facets[facet].length === 0 ? (
              <p className="muted">none</p>
            ) : (
              <ul>
                {facets[facet].map(({ value, count }) => (
                  <li key={value}>
                    <button
                      type="button"
                      className="facet-button"
                      aria-pressed={isSelected(query, facet, value)}
                      data-testid={`facet-${facet}-${value}`}
                      onClick={() => update(toggle(query, facet, value))}
                    >
                      <span className="facet-value">{value}</span> <span className="facet-count">{count}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))
      )}
    </section>
  );
}
