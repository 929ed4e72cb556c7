import { isOpen, PUBLIC, requiredPermission } from './access-policy';
import { ALL_PERMISSIONS, hasPermission, PERMISSIONS } from './permissions';

/** The seeded roles' permissions (see the access-control migration). */
const ROLES = { viewer: ['read'], writer: ['read', 'write'], admin: [ALL_PERMISSIONS] };

const allowed = (method: string, path: string) =>
  Object.entries(ROLES)
    .filter(([, granted]) => {
      const required = requiredPermission({ method, path });
      return isOpen(required) || hasPermission(granted, required);
    })
    .map(([role]) => role);

describe('the default access rule', () => {
  it.each([
    ['GET', '/jobs', ['viewer', 'writer', 'admin']],
    ['GET', '/jobs/0190', ['viewer', 'writer', 'admin']],
    ['HEAD', '/jobs', ['viewer', 'writer', 'admin']],
    ['POST', '/jobs', ['writer', 'admin']],
    ['PATCH', '/jobs/0190/status', ['writer', 'admin']],
    ['DELETE', '/jobs/0190', ['writer', 'admin']],
    // Endpoints other helpers add later fall under the same rule without a decorator.
    ['POST', '/workspaces', ['writer', 'admin']],
    ['PUT', '/images/0190', ['writer', 'admin']],
    ['POST', '/build-schedules', ['writer', 'admin']],
    ['GET', '/users/0190', ['viewer', 'writer', 'admin']],
    ['POST', '/users', ['admin']],
    ['PATCH', '/users/0190', ['admin']],
    ['PUT', '/users/0190/roles', ['admin']],
    ['GET', '/api-keys', ['admin']],
    ['POST', '/api-keys', ['admin']],
    ['DELETE', '/api-keys/0190', ['admin']],
    ['DELETE', '/users/0190', ['admin']],
    ['DELETE', '/workspaces/0190', ['writer', 'admin']],
    ['GET', '/audit', ['admin']],
    ['GET', '/tasks', ['viewer', 'writer', 'admin']],
    ['GET', '/tasks/0190', ['viewer', 'writer', 'admin']],
    ['POST', '/tasks', ['admin']],
  ])('%s %s is allowed to %j', (method, path, roles) => {
    expect(allowed(method, path)).toEqual(roles);
  });

  it('matches whole path segments, not prefixes', () => {
    expect(requiredPermission({ method: 'POST', path: '/users-export' })).toBe(PERMISSIONS.write);
    expect(requiredPermission({ method: 'GET', path: '/api-keysx' })).toBe(PERMISSIONS.read);
  });

  it('lets a route decorator override the rule', () => {
    expect(requiredPermission({ method: 'GET', path: '/health/ready' }, PUBLIC)).toBe(PUBLIC);
    expect(requiredPermission({ method: 'GET', path: '/jobs/export' }, PERMISSIONS.write)).toBe(PERMISSIONS.write);
  });

  it('grants nothing to a user without roles, and everything to *', () => {
    expect(hasPermission([], PERMISSIONS.read)).toBe(false);
    expect(hasPermission([ALL_PERMISSIONS], PERMISSIONS.manageApiKeys)).toBe(true);
  });
});
