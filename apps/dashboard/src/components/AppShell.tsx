import { Suspense, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { hasPermission, Session } from '../api';
import { useSession } from '../session';
import { describeError } from './ErrorAlert';

/** Whether the operations page is for this session (admins hold '*', which hasPermission counts). */
export const canOperate = (session: Session) => hasPermission(session, 'tasks:manage');

/** Header, navigation and the main landmark around every page. */
export function AppShell() {
  const { session } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="product">Jobstream</span>
        {session && (
          <>
            <nav aria-label="Main">
              <NavLink to="/jobs">Jobs</NavLink>
              {canOperate(session) && <NavLink to="/operations">Operations</NavLink>}
            </nav>
            <SignedInAs />
          </>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

function SignedInAs() {
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  if (!session) return null;
  const onSignOut = async () => {
    try {
      await signOut();
      // Straight to the sign-in page, without "come back here afterwards".
      navigate('/sign-in', { replace: true });
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="signed-in">
      <span>
        {session.user.email} <span className="muted">({session.roles.join(', ') || 'no roles'})</span>
      </span>
      <button type="button" data-testid="sign-out" onClick={onSignOut}>
        Sign out
      </button>
      {error !== undefined && (
        <span role="alert" className="alert-inline">
          Could not sign out: {describeError(error)}
        </span>
      )}
    </div>
  );
}
