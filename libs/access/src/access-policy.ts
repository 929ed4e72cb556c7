import { Permission, PERMISSIONS } from './permissions';

/** A route that needs no key (health, docs). */
export const PUBLIC = 'public';
/** A route that needs no key but is rate limited by the caller's IP (signing in). */
export const ANONYMOUS = 'anonymous';
export type Requirement = Permission | typeof PUBLIC | typeof ANONYMOUS;

/** A route anyone may call, without a key or session. */
export const isOpen = (required: Requirement): required is typeof PUBLIC | typeof ANONYMOUS => required === PUBLIC || required === ANONYMOUS;

export const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `/users` and `/users/...`, not `/users-export`. */
const under = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/**
 * What a request needs. A route's own decorator (`@Public()`, `@RequirePermission(...)`) wins;
 * every other route, including ones added later, falls under this rule:
 *
 * | route                                   | needs             | roles with it   |
 * | --------------------------------------- | ----------------- | --------------- |
 * | anything under /api-keys                | `api-keys:manage` | admin           |
 * | anything under /audit                   | `audit:read`      | admin           |
 * | writes (not GET/HEAD/OPTIONS) to /users | `users:manage`    | admin           |
 * | writes to /tasks                        | `tasks:manage`    | admin           |
 * | other GET, HEAD, OPTIONS                | `read`            | viewer and up   |
 * | other writes (jobs, workspaces, ...)    | `write`           | writer and up   |
 */
export function requiredPermission(request: { method: string; path: string }, declared?: Requirement): Requirement {
  if (declared) return declared;
  if (under(request.path, '/api-keys')) return PERMISSIONS.manageApiKeys;
  // The trail shows who did what from where: not for every reader.
  if (under(request.path, '/audit')) return PERMISSIONS.readAudit;
  const reads = READ_METHODS.has(request.method.toUpperCase());
  if (under(request.path, '/users') && !reads) return PERMISSIONS.manageUsers;
  if (under(request.path, '/tasks') && !reads) return PERMISSIONS.manageTasks;
  return reads ? PERMISSIONS.read : PERMISSIONS.write;
}
