/**
 * The gateway's REST API as the dashboard calls it: same origin, the session cookie, and the
 * CSRF token (from the session's answer) on every write. Errors come back in the API's one shape
 * and are thrown as ApiError.
 */
export interface ErrorBody {
  code: string;
  message: string;
  details?: { fields?: { field: string; messages: string[] }[]; currentVersion?: number; currentStatus?: string; entity?: string; id?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

/** Who is signed in, as POST/GET /auth/session answer it. */
export interface Session {
  user: { id: string; email: string; name: string };
  roles: string[];
  permissions: string[];
  csrfToken: string;
  expiresAt: string;
}

let csrfToken: string | undefined;
/** Called when a request finds the session gone (401): the app shows the sign-in page. */
let onUnauthenticated: (() => void) | undefined;

export function useSessionToken(session: Session | undefined): void {
  csrfToken = session?.csrfToken;
}

export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as If-Match: the version the write expects. */
  ifMatch?: number;
  signal?: AbortSignal;
}

export async function api<T>(method: string, path: string, { body, ifMatch, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error ?? { code: 'INTERNAL', message: `${response.status} ${response.statusText}` });
    if (response.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw error;
  }
  return json as T;
}

export const hasPermission = (session: Session | undefined, permission: string) =>
  !!session && (session.permissions.includes('*') || session.permissions.includes(permission));
