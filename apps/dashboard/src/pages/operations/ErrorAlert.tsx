import { describeError } from './format';

/** A failed call, announced to screen readers as it appears. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="ops-error">
      {describeError(error)}
    </p>
  );
}
