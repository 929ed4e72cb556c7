import { AuditActor, AuditWriter } from '@jobstream/audit';
import { JobstreamError } from '@jobstream/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PrincipalCache } from './principal-cache';

export interface UserRoles {
  userId: string;
  roles: string[];
}

export interface AssignRoles {
  userId: string;
  roles: string[];
  /** The admin who assigned them, recorded in user_roles.assigned_by. */
  assignedBy?: string;
  /** true: the user ends with exactly these roles; false: they are added. */
  replace: boolean;
}

const roleNamesOf = async (manager: EntityManager, userId: string): Promise<string[]> =>
  (
    await manager.query(`SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name`, [userId])
  ).map((role: { name: string }) => role.name);

/** Seed 004's user_roles: which roles a user (and so each of their keys) has. Changes are audited. */
@Injectable()
export class RolesService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: PrincipalCache,
    private readonly audit: AuditWriter,
  ) {}

  async of(userId: string): Promise<UserRoles> {
    return { userId, roles: await roleNamesOf(this.db.manager, userId) };
  }

  async assign(command: AssignRoles, actor: AuditActor): Promise<UserRoles> {
    const names = [...new Set(command.roles)];
    const result = await this.db.transaction(async (manager) => {
      // Serialises assignments to one user, so two concurrent replacements cannot merge.
      const [user] = await manager.query(`SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE`, [command.userId]);
      if (!user) throw JobstreamError.notFound('user', command.userId);
      const before = await roleNamesOf(manager, command.userId);
      const roles: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM roles WHERE name = ANY($1)`, [names]);
      const unknown = names.filter((name) => !roles.some((role) => role.name === name));
      if (unknown.length > 0) throw JobstreamError.invalid('roles', `unknown roles: ${unknown.join(', ')}`);
      const roleIds = roles.map((role) => role.id);
      if (command.replace) {
        await manager.query(`DELETE FROM user_roles WHERE user_id = $1 AND NOT (role_id = ANY($2::uuid[]))`, [command.userId, roleIds]);
      }
      await manager.query(
        `INSERT INTO user_roles (user_id, role_id, assigned_by) SELECT $1, unnest($2::uuid[]), $3
           ON CONFLICT (user_id, role_id) DO NOTHING`,
        [command.userId, roleIds, command.assignedBy ?? null],
      );
      const after = await roleNamesOf(manager, command.userId);
      if (after.join() !== before.join()) {
        const entry = { action: 'user.roles-change', entityType: 'user', entityId: command.userId, before: { roles: before }, after: { roles: after } };
        await this.audit.record(entry, actor, manager);
      }
      return { userId: command.userId, roles: after };
    });
    this.cache.evict((principal) => principal.userId === command.userId);
    return result;
  }
}
