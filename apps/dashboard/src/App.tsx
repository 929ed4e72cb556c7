import { lazy } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { AppShell, canOperate } from './components/AppShell';
import { useDocumentTitle } from './components/use-document-title';
import JobsPage from './pages/JobsPage';
import SignInPage, { SignInState } from './pages/SignInPage';
import { useSession } from './session';

// Loaded on first visit, to keep the first page's JavaScript small.
const JobDetailPage = lazy(() => import('./pages/JobDetailPage'));
const OperationsPage = lazy(() => import('./pages/operations/index'));

/** Pages behind sign-in: without a session, the sign-in page, remembering where the user was going. */
function RequireSession() {
  const { session } = useSession();
  const location = useLocation();
  if (session) return <Outlet />;
  const state: SignInState = { from: location };
  return <Navigate to="/sign-in" replace state={state} />;
}

/** Shown in place of a page whose permission the session lacks (the nav hides its link too). */
function NotAllowed() {
  useDocumentTitle('Not allowed');
  return (
    <>
      <h1>Not allowed</h1>
      <p>This page is for administrators.</p>
    </>
  );
}

function NotFound() {
  useDocumentTitle('Page not found');
  return <h1>Page not found</h1>;
}

/** The dashboard's routes, under the router's /ui basename. */
export function App() {
  const { session } = useSession();
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route element={<RequireSession />}>
          <Route index element={<Navigate to="/jobs" replace />} />
          <Route path="jobs" element={<JobsPage />} />
          <Route path="jobs/:id" element={<JobDetailPage />} />
          <Route
            path="operations"
            element={session && canOperate(session) ? <OperationsPage /> : <NotAllowed />}
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}
