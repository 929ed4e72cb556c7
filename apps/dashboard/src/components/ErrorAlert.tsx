import { ApiError } from '../api';

/** What went wrong, in the API's words, naming each refused field (a 400 VALIDATION). */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach Jobstream. Check your connection and try again.';
  const fields = error.body.details?.fields?.map((field) => `${field.field}: ${field.messages.join(', ')}`) ?? [];
  return [error.body.message || `${error.status} ${error.body.code}`, ...fields].join(' — ');
}

export function ErrorAlert({ error }: { error: unknown }) {
  return (
    <p role="alert" className="alert alert-error">
      {describeError(error)}
    </p>
  );
}
