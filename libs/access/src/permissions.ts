/**
 * What a role may do. Roles (table `roles`, seeded by the access-control migration) hold lists
 * of these; `*` grants every permission, including ones added later.
 */
export const PERMISSIONS = {
  read: 'read',
  write: 'write',
  manageUsers: 'users:manage',
  manageApiKeys: 'api-keys:manage',
  readAudit: 'audit:read',
  manageTasks: 'tasks:manage',
} as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
export const ALL_PERMISSIONS = '*';

/** The roles the migration seeds. */
export const ROLE_NAMES = ['viewer', 'writer', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Who is calling: the API key or the signed-in session that authenticated the request, and its user's roles. */
export interface Principal {
  userId: string;
  keyId?: string;
  sessionId?: string;
  roles: string[];
  permissions: string[];
}

export function hasPermission(granted: readonly string[], required: Permission): boolean {
  return granted.includes(ALL_PERMISSIONS) || granted.includes(required);
}

/**
 * The roles and permissions of the user in `userIdColumn`, for a query grouped by that user:
 * ROLE_COLUMNS in the select list, roleJoins(...) among its joins; permissionsOf flattens them.
 */
export const ROLE_COLUMNS = `COALESCE(json_agg(r.name ORDER BY r.name) FILTER (WHERE r.id IS NOT NULL), '[]') AS roles,
         COALESCE(json_agg(r.permissions) FILTER (WHERE r.id IS NOT NULL), '[]') AS permissions`;
export const roleJoins = (userIdColumn: string) => `LEFT JOIN user_roles ur ON ur.user_id = ${userIdColumn} LEFT JOIN roles r ON r.id = ur.role_id`;
export const permissionsOf = (lists: string[][]) => [...new Set(lists.flat())].sort();
