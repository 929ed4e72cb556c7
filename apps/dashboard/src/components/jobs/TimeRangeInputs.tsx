import { useId } from 'react';

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time as a datetime-local input shows it: the reader's zone, to the minute. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (the reader's zone) as an ISO time in UTC, which the API reads unambiguously. */
const fromLocalInput = (local: string) => (local ? new Date(local).toISOString() : '');

/** A from (inclusive) / to (exclusive) pair of times, each an ISO string or '' for open. */
export function TimeRangeInputs({
  label,
  from,
  to,
  onChange,
}: {
  label: string;
  from: string;
  to: string;
  onChange(range: { from: string; to: string }): void;
}) {
  const id = useId();
  return (
    <fieldset className="time-range">
      <legend>{label}</legend>
      <label htmlFor={`${id}-from`}>From</label>
      <input id={`${id}-from`} type="datetime-local" value={toLocalInput(from)} onChange={(event) => onChange({ from: fromLocalInput(event.target.value), to })} />
      <label htmlFor={`${id}-to`}>Before</label>
      <input id={`${id}-to`} type="datetime-local" value={toLocalInput(to)} onChange={(event) => onChange({ from, to: fromLocalInput(event.target.value) })} />
    </fieldset>
  );
}
