import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Location, Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api';
import { describeError } from '../components/ErrorAlert';
import { useDocumentTitle } from '../components/use-document-title';
import { useSession } from '../session';

/** Where RequireSession found the user before sending them here. */
export interface SignInState {
  from?: Location;
}

const signInError = (error: unknown) =>
  error instanceof ApiError && error.status === 401 ? 'Wrong email or password.' : describeError(error);

export default function SignInPage() {
  useDocumentTitle('Sign in');
  const { session, notice, signIn } = useSession();
  const from = (useLocation().state as SignInState | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const attempt = useMutation({ mutationFn: () => signIn(email, password) });

  // Signed in (now or already): on to where the user was going.
  if (session) return <Navigate to={from ? `${from.pathname}${from.search}${from.hash}` : '/jobs'} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    attempt.mutate();
  };

  return (
    <div className="sign-in">
      <h1>Sign in</h1>
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="signin-email">Email</label>
          {/* "username" rather than "email": what password managers look for on a sign-in form. */}
          <input
            id="signin-email"
            data-testid="signin-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Password</label>
          <input
            id="signin-password"
            data-testid="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        {attempt.error && (
          <p role="alert" className="alert alert-error" data-testid="signin-error">
            {signInError(attempt.error)}
          </p>
        )}
        <button type="submit" className="primary" data-testid="signin-submit" disabled={attempt.isPending}>
          {attempt.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
