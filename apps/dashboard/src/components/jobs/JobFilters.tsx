import { useId } from 'react';
import { Link } from 'react-router-dom';
import { JOB_STATUSES, JOB_TYPES, SORT_FIELDS, SortField, SortOrder } from '../../types';
import { JobsQuery, MAX_PAGE_SIZE, TEXT_FILTERS, TextFilter, TIME_RANGES, UpdateJobsQuery as Update } from '../../url-query';
import { DebouncedInput } from '../DebouncedInput';
import { CheckboxGroup } from './CheckboxGroup';
import { MetadataFilter } from './MetadataFilter';
import { TimeRangeInputs } from './TimeRangeInputs';

const TEXT_LABELS: Record<TextFilter, { label: string; hint?: string }> = {
  userEmail: { label: 'Owner email' },
  userId: { label: 'Owner id', hint: 'a UUID' },
  workspaceId: { label: 'Workspace id', hint: 'a UUID' },
  projectName: { label: 'Project' },
  hostname: { label: 'Hostname' },
  arch: { label: 'Architecture' },
};
const SORT_LABELS: Record<SortField, string> = { createdAt: 'Created', updatedAt: 'Updated', completedAt: 'Completed' };
const PAGE_SIZES = [10, 20, 50, MAX_PAGE_SIZE];

/** Every filter of GET /jobs but the free text, plus sort and page size. */
export function JobFilters({ query, update }: { query: JobsQuery; update: Update }) {
  return (
    <section className="filters" aria-labelledby="filters-heading">
      <div className="filters-title">
        <h2 id="filters-heading">Filters</h2>
        <Link to="/jobs">Clear all</Link>
      </div>
      <CheckboxGroup legend="Status" options={JOB_STATUSES} selected={query.status} onChange={(status) => update({ status })} />
      <CheckboxGroup legend="Type" options={JOB_TYPES} selected={query.type} onChange={(type) => update({ type })} />
      {TEXT_FILTERS.map((key) => (
        <TextFilterInput key={key} name={key} value={query[key]} update={update} />
      ))}
      <MetadataFilter pairs={query.metadata} onChange={(metadata) => update({ metadata })} />
      {TIME_RANGES.map((range) => (
        <TimeRangeInputs
          key={range.from}
          label={range.label}
          from={query[range.from]}
          to={query[range.to]}
          onChange={({ from, to }) => update({ [range.from]: from, [range.to]: to })}
        />
      ))}
      <SortControls query={query} update={update} />
    </section>
  );
}

function TextFilterInput({ name, value, update }: { name: TextFilter; value: string; update: Update }) {
  const id = useId();
  const { label, hint } = TEXT_LABELS[name];
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {hint && <span className="muted"> ({hint})</span>}
      </label>
      <DebouncedInput id={id} value={value} maxLength={255} spellCheck={false} onCommit={(text) => update({ [name]: text }, { replace: true })} />
    </div>
  );
}

function SortControls({ query, update }: { query: JobsQuery; update: Update }) {
  const id = useId();
  // A size typed into the URL stays choosable.
  const sizes = PAGE_SIZES.includes(query.size) ? PAGE_SIZES : [...PAGE_SIZES, query.size].sort((a, b) => a - b);
  return (
    <fieldset className="sort-controls">
      <legend>Order</legend>
      <label htmlFor={`${id}-sort`}>Sort by</label>
      <select id={`${id}-sort`} value={query.sort} onChange={(event) => update({ sort: event.target.value as SortField })}>
        {SORT_FIELDS.map((field) => (
          <option key={field} value={field}>
            {SORT_LABELS[field]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-order`}>Direction</label>
      <select id={`${id}-order`} value={query.order} onChange={(event) => update({ order: event.target.value as SortOrder })}>
        <option value="desc">Newest first</option>
        <option value="asc">Oldest first</option>
      </select>
      <label htmlFor={`${id}-size`}>Page size</label>
      <select id={`${id}-size`} value={query.size} onChange={(event) => update({ size: Number(event.target.value) })}>
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </fieldset>
  );
}
