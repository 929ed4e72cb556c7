import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ApiError } from './api';
import { App } from './App';
import { describeError } from './components/ErrorAlert';
import { SessionProvider } from './session';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change on asking again; a server or network failure may.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

/** Until the gateway says who is signed in: a loading line, or why it could not be asked. */
function SessionPending({ error, retry }: { error: unknown; retry(): void }) {
  return (
    <main id="main">
      <h1>Jobstream</h1>
      {error ? (
        <div role="alert" className="alert alert-error">
          {describeError(error)}{' '}
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : (
        <p role="status">Loading…</p>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/ui">
        <SessionProvider fallback={(state) => <SessionPending {...state} />}>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
