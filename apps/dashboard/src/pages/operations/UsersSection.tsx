import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ROLE_NAMES, User, UserRoles } from './types';
import { useUsers } from './use-users';

/** Who may do what: each user's roles, and a new password for signing in. */
export function UsersSection() {
  const { users, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useUsers();
  return (
    <section className="ops-section" data-testid="users" aria-labelledby="ops-users-title">
      <h2 id="ops-users-title">Users</h2>
      <ErrorAlert error={error} />
      {users && (
        <div className="ops-scroll">
          <table className="ops-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Password</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.name}</th>
                  <td>{user.email}</td>
                  <td>
                    <RolesForm user={user} />
                  </td>
                  <td>
                    <PasswordForm user={user} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasNextPage && (
        <button type="button" disabled={isFetchingNextPage} onClick={() => fetchNextPage()}>
          More users
        </button>
      )}
    </section>
  );
}

/** The user's roles as they are now (GET /users/:id/roles), then the form that changes them. */
function RolesForm({ user }: { user: User }) {
  const current = useQuery({
    queryKey: ['operations', 'roles', user.id],
    queryFn: ({ signal }) => api<UserRoles>('GET', `/users/${user.id}/roles`, { signal }),
  });
  if (current.error) return <ErrorAlert error={current.error} />;
  return current.data ? <RolesEditor user={user} initial={current.data.roles} /> : <span role="status">Loading roles…</span>;
}

/** PUT /users/:id/roles replaces the user's roles with exactly the ones checked. */
function RolesEditor({ user, initial }: { user: User; initial: string[] }) {
  const [checked, setChecked] = useState<string[]>(initial);
  const save = useMutation({
    mutationFn: (roles: string[]) => api<UserRoles>('PUT', `/users/${user.id}/roles`, { body: { roles } }),
    onSuccess: (answer) => setChecked(answer.roles),
  });
  const toggle = (role: string, on: boolean) => {
    save.reset();
    setChecked((roles) => (on ? [...roles, role] : roles.filter((other) => other !== role)));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(checked);
  };
  return (
    <form className="ops-inline-form" onSubmit={submit}>
      <fieldset className="ops-roles">
        <legend className="ops-visually-hidden">Roles of {user.email}</legend>
        {ROLE_NAMES.map((role) => (
          <label key={role}>
            <input type="checkbox" checked={checked.includes(role)} onChange={(event) => toggle(role, event.target.checked)} /> {role}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={save.isPending}>
        Save roles<span className="ops-visually-hidden"> of {user.email}</span>
      </button>
      <span role="status">{save.isSuccess && 'Saved'}</span>
      <ErrorAlert error={save.error} />
    </form>
  );
}

/** PUT /users/:id/password answers 204; the field is cleared once the password is set. */
function PasswordForm({ user }: { user: User }) {
  const [password, setPassword] = useState('');
  const setOnServer = useMutation({
    mutationFn: (newPassword: string) => api<void>('PUT', `/users/${user.id}/password`, { body: { password: newPassword } }),
    onSuccess: () => setPassword(''),
  });
  const inputId = `ops-password-${user.id}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOnServer.mutate(password);
  };
  return (
    <form className="ops-inline-form" onSubmit={submit}>
      <label htmlFor={inputId}>
        New password<span className="ops-visually-hidden"> for {user.email}</span>
      </label>
      <input
        id={inputId}
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(event) => {
          setOnServer.reset();
          setPassword(event.target.value);
        }}
      />
      <button type="submit" disabled={setOnServer.isPending}>
        Set password<span className="ops-visually-hidden"> for {user.email}</span>
      </button>
      <span role="status">{setOnServer.isSuccess && 'Password set'}</span>
      <ErrorAlert error={setOnServer.error} />
    </form>
  );
}
