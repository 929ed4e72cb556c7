import { JobstreamError } from '@jobstream/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/** Seed 004's user_roles: which roles a user (and so each of their keys) has. */
@Injectable()
export class RolesService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: PrincipalCache,
  ) {}

  async assign(command: AssignRoles): Promise<UserRoles> {
    const names = [...new Set(command.roles)];
    const result = await this.db.transaction(async (manager) => {
      // Serialises assignments to one user, so two concurrent replacements cannot merge.
      const [user] = await manager.query(`SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE`, [command.userId]);
      if (!user) throw JobstreamError.notFound('user', command.userId);
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
      const assigned: { name: string }[] = await manager.query(
        `SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name`,
        [command.userId],
      );
      return { userId: command.userId, roles: assigned.map((role) => role.name) };
    });
    this.cache.evict((principal) => principal.userId === command.userId);
    return result;
  }
}
