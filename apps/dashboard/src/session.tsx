import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { api, ApiError, Session, useSessionToken, whenUnauthenticated } from './api';

const SESSION_EXPIRED = 'Your session has expired. Sign in again.';
const SESSION_KEY = ['session'];

export interface SessionContextValue {
  /** Null when nobody is signed in. */
  session: Session | null;
  /** Why the user was sent to the sign-in page, if it was not their choice. */
  notice: string | undefined;
  /** Throws the ApiError of POST /auth/session (401 for a wrong email or password). */
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** Who is signed in; only inside SessionProvider. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** GET /auth/session, with 401 read as "signed out" rather than as an error. */
const fetchSession = ({ signal }: { signal: AbortSignal }) =>
  api<Session>('GET', '/auth/session', { signal }).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  });

/**
 * Asks the gateway who is signed in once at start, then keeps the answer in the query cache
 * (never stale: only sign-in, sign-out and a 401 change it). Renders `fallback` until it knows.
 */
export function SessionProvider({ children, fallback }: { children: ReactNode; fallback: (state: { error: unknown; retry(): void }) => ReactNode }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
  const session = query.data ?? null;
  // Set during render so that the first writes of the children already carry the CSRF token.
  useSessionToken(session ?? undefined);

  useEffect(
    () =>
      whenUnauthenticated(() => {
        setNotice(SESSION_EXPIRED);
        queryClient.setQueryData(SESSION_KEY, null);
      }),
    [queryClient],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      notice,
      async signIn(email, password) {
        const next = await api<Session>('POST', '/auth/session', { body: { email, password } });
        // Drop everything cached for whoever was signed in before.
        queryClient.removeQueries({ predicate: (cached) => cached.queryKey[0] !== SESSION_KEY[0] });
        queryClient.setQueryData(SESSION_KEY, next);
        setNotice(undefined);
      },
      async signOut() {
        try {
          await api('DELETE', '/auth/session');
        } catch (error) {
          // An expired session is already signed out; anything else leaves the cookie in place.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        setNotice(undefined);
        queryClient.setQueryData(SESSION_KEY, null);
      },
    }),
    [session, notice, queryClient],
  );

  if (query.isPending || query.isError) return <>{fallback({ error: query.error, retry: () => void query.refetch() })}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
