import { ApiError } from '../api';

/** Matches the access guard's refusal, "<permission> is not granted to roles [...]", to name what is missing. */
const REFUSED_PERMISSION = /^(\S+) is not granted/;

/** What went wrong, in the API's words: the permission a 403 needs, or the message naming each refused field (a 400 VALIDATION). */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Could not reach Jobstream. Check your connection and try again.';
  const { message, code, details } = error.body;
  if (error.status === 403) return `Needs permission ${message.match(REFUSED_PERMISSION)?.[1] ?? `(${message})`}`;
  const fields = details?.fields?.map((field) => `${field.field}: ${field.messages.join(', ')}`) ?? [];
  return [message || `${error.status} ${code}`, ...fields].join(' — ');
}

/** A failed call, announced to screen readers as it appears; nothing while there is no error. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="alert alert-error">
      {describeError(error)}
    </p>
  );
}
