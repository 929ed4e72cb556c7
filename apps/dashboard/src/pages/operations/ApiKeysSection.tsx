import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useState } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTime } from './format';
import { ApiKey, IssuedApiKey, User } from './types';
import { useUsers } from './use-users';

const KEYS_KEY = ['operations', 'api-keys'];

/** API keys: who holds which, issuing one (its secret shown once) and revoking. */
export function ApiKeysSection() {
  const keys = useQuery({ queryKey: KEYS_KEY, queryFn: ({ signal }) => api<ApiKey[]>('GET', '/api-keys', { signal }) });
  const { users = [] } = useUsers();
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return (
    <section className="ops-section" data-testid="api-keys" aria-labelledby="ops-api-keys-title">
      <h2 id="ops-api-keys-title">API keys</h2>
      <IssueKeyForm users={users} />
      <ErrorAlert error={keys.error} />
      {keys.data && keys.data.length === 0 && <p>No API keys.</p>}
      {keys.data && keys.data.length > 0 && (
        <div className="ops-scroll">
          <table className="ops-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">User</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>{emailOf.get(key.userId) ?? key.userId}</td>
                  <td>
                    <code className="ops-code">{key.prefix}…</code>
                  </td>
                  <td>{formatTime(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? formatTime(key.lastUsedAt) : 'never'}</td>
                  <td>{key.expiresAt ? formatTime(key.expiresAt) : 'never'}</td>
                  <td>{key.revokedAt ? `revoked ${formatTime(key.revokedAt)}` : <RevokeButton apiKey={key} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api<void>('DELETE', `/api-keys/${apiKey.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS_KEY }),
  });
  const confirmRevoke = () => {
    if (window.confirm(`Revoke the API key "${apiKey.name}"? Whatever uses it stops working at once.`)) revoke.mutate();
  };
  return (
    <>
      <button type="button" disabled={revoke.isPending} onClick={confirmRevoke}>
        Revoke<span className="ops-visually-hidden"> {apiKey.name}</span>
      </button>
      <ErrorAlert error={revoke.error} />
    </>
  );
}

/** POST /api-keys for a user, optionally expiring; the answer's secret is shown until dismissed. */
function IssueKeyForm({ users }: { users: User[] }) {
  const client = useQueryClient();
  const id = useId();
  const [userId, setUserId] = useState('');
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const issue = useMutation({
    mutationFn: () =>
      // datetime-local is the browser's local time; the API takes an instant.
      api<IssuedApiKey>('POST', '/api-keys', { body: { userId, name, ...(expires && { expiresAt: new Date(expires).toISOString() }) } }),
    onSuccess: () => {
      setName('');
      setExpires('');
      return client.invalidateQueries({ queryKey: KEYS_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate();
  };
  return (
    <>
      <h3>Issue a key</h3>
      <form className="ops-form" onSubmit={submit}>
        <div className="ops-field">
          <label htmlFor={`${id}-user`}>User</label>
          <select id={`${id}-user`} required value={userId} onChange={(event) => setUserId(event.target.value)}>
            <option value="">Choose a user</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.email} ({user.name})
              </option>
            ))}
          </select>
        </div>
        <div className="ops-field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="ops-field">
          <label htmlFor={`${id}-expires`}>Expires (optional)</label>
          <input id={`${id}-expires`} type="datetime-local" value={expires} onChange={(event) => setExpires(event.target.value)} />
        </div>
        <button type="submit" disabled={issue.isPending}>
          Issue key
        </button>
      </form>
      <ErrorAlert error={issue.error} />
      {issue.data && <IssuedKey issued={issue.data} onDone={issue.reset} />}
    </>
  );
}

/** The secret, which the server keeps only hashed: once dismissed it is gone for good. */
function IssuedKey({ issued, onDone }: { issued: IssuedApiKey; onDone: () => void }) {
  const inputId = useId();
  const [copyState, setCopyState] = useState<'copied' | 'failed'>();
  const copy = () =>
    // The clipboard API exists only on secure origins (https or localhost).
    (navigator.clipboard?.writeText(issued.key) ?? Promise.reject()).then(
      () => setCopyState('copied'),
      () => setCopyState('failed'),
    );
  return (
    <div className="ops-secret">
      <p>
        <strong>Copy the key “{issued.name}” now: it is shown only this once.</strong>
      </p>
      <label htmlFor={inputId}>New API key</label>{' '}
      <input id={inputId} readOnly value={issued.key} onFocus={(event) => event.target.select()} />{' '}
      <button type="button" onClick={copy}>
        Copy
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>{' '}
      <span role="status">
        {copyState === 'copied' && 'Copied'}
        {copyState === 'failed' && 'Copying is not available here: select the key and copy it by hand.'}
      </span>
    </div>
  );
}
