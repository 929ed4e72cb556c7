import { AuditActor, AuditWriter } from '@jobstream/audit';
import {
  CreateUserCommand,
  CreateWorkspaceCommand,
  DeleteUserCommand,
  DeleteWorkspaceCommand,
  ownerChangedEvent,
  UpdateUserCommand,
  UpdateWorkspaceCommand,
  USER_CHANGED,
  WORKSPACE_CHANGED,
} from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { OutboxWriter, UserEntity, WorkspaceEntity } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { auditEntry } from './audit-entries';
import { liveOwner } from './live-owner';
import { CHECK_VIOLATION, sqlState, UNIQUE_VIOLATION, violatedConstraint } from './pg-errors';
import { lockVersioned, refuseDeleted } from './versioned-rows';

/** A taken email (among live users) is a 409; one the database's email CHECK refuses is a 400 on `email`. */
function userWriteError(error: unknown, email: string | undefined): unknown {
  if (sqlState(error) === UNIQUE_VIOLATION) {
    return new JobstreamError('CONFLICT', `a user with email ${email} already exists`, {
      fields: [{ field: 'email', messages: ['already in use'] }],
    });
  }
  if (sqlState(error) === CHECK_VIOLATION && violatedConstraint(error) === 'chk_users_email') {
    return JobstreamError.invalid('email', `email ${email} is not an address like name@example.com (letters, digits and ._%+- only)`);
  }
  return error;
}

/**
 * Users and workspaces: the owners a job's search document is denormalized from. A change to
 * what jobs show of them (name, email, hostname, a user's deletion) records an owner event in
 * the same transaction; the job-writer then re-versions their jobs (see JobRedenormalizer).
 * Every change records its audit row in its transaction too. Deletes are soft: the row stays,
 * marked deleted, and refuses further changes.
 */
@Injectable()
export class OwnerCommandsService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  /** Idempotent by id; a second live user with the same email is a conflict. */
  async createUser(command: CreateUserCommand, actor: AuditActor): Promise<UserEntity> {
    const id = command.id ?? uuidv7();
    try {
      return await this.db.transaction(async (manager) => {
        // Conflicts on id only: a repeated command is a no-op, a taken email still fails.
        const inserted = await manager.query(`INSERT INTO users (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`, [
          id,
          command.email,
          command.name,
        ]);
        const user = await manager.findOneByOrFail(UserEntity, { id });
        // A repeat answers the user it made, unless that user has been deleted since: then it is a 409, not a success.
        refuseDeleted(user, 'user');
        if (inserted.length > 0) await this.audit.record(auditEntry('user', 'create', id, { after: user }), actor, manager);
        return user;
      });
    } catch (error) {
      throw userWriteError(error, command.email);
    }
  }

  async updateUser(command: UpdateUserCommand, actor: AuditActor): Promise<UserEntity> {
    try {
      return await this.db.transaction(async (manager) => {
        const user = await lockVersioned(manager, UserEntity, 'user', command.id, command.expectedVersion);
        refuseDeleted(user, 'user');
        const changes = { ...(command.name ? { name: command.name } : {}), ...(command.email ? { email: command.email } : {}) };
        const changed = Object.entries(changes).some(([key, value]) => user[key as keyof typeof changes] !== value);
        if (!changed) return user;
        const next = { ...user, ...changes, version: user.version + 1 };
        await manager.update(UserEntity, { id: user.id }, { ...changes, version: next.version });
        await this.outbox.add(ownerChangedEvent(USER_CHANGED, next, command.correlationId), manager);
        await this.audit.record(auditEntry('user', 'update', user.id, { before: user, after: next }), actor, manager);
        return next;
      });
    } catch (error) {
      throw userWriteError(error, command.email);
    }
  }

  /**
   * Marks the user deleted. Their jobs stay, and show them as deleted: the deletion records a
   * `user.changed` event like a rename, so every job of theirs is re-versioned with the new
   * snapshot. Repeating it answers the deleted user.
   */
  deleteUser(command: DeleteUserCommand, actor: AuditActor): Promise<UserEntity> {
    return this.db.transaction(async (manager) => {
      const user = await lockVersioned(manager, UserEntity, 'user', command.id, command.expectedVersion);
      if (user.deletedAt) return user;
      const next = await this.markDeleted(manager, UserEntity, user.id);
      // Their sign-ins end with them (the session lookup already refuses deleted users).
      await manager.query(`UPDATE sessions SET revoked_at = NOW() WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
      await this.outbox.add(ownerChangedEvent(USER_CHANGED, next, command.correlationId), manager);
      await this.audit.record(auditEntry('user', 'delete', user.id, { before: user, after: next }), actor, manager);
      return next;
    });
  }

  /** Idempotent by id; an unknown or deleted user is a 400 on `userId`. */
  async createWorkspace(command: CreateWorkspaceCommand, actor: AuditActor): Promise<WorkspaceEntity> {
    const id = command.id ?? uuidv7();
    return this.db.transaction(async (manager) => {
      await liveOwner(manager, command.userId);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(WorkspaceEntity)
        .values({
          id,
          userId: command.userId,
          projectName: command.projectName,
          parentName: command.parentName ?? null,
          arch: command.arch,
          hostname: command.hostname ?? null,
          status: command.status ?? 'PROVISIONING',
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const workspace = await manager.findOneByOrFail(WorkspaceEntity, { id });
      refuseDeleted(workspace, 'workspace');
      if (inserted.raw.length > 0) await this.audit.record(auditEntry('workspace', 'create', id, { after: workspace }), actor, manager);
      return workspace;
    });
  }

  async updateWorkspace(command: UpdateWorkspaceCommand, actor: AuditActor): Promise<WorkspaceEntity> {
    return this.db.transaction(async (manager) => {
      const workspace = await lockVersioned(manager, WorkspaceEntity, 'workspace', command.id, command.expectedVersion);
      refuseDeleted(workspace, 'workspace');
      const changes = {
        ...(command.hostname !== undefined ? { hostname: command.hostname } : {}),
        ...(command.status ? { status: command.status } : {}),
      };
      const next = { ...workspace, ...changes, version: workspace.version + 1 };
      await manager.update(WorkspaceEntity, { id: workspace.id }, { ...changes, version: next.version });
      if (next.hostname !== workspace.hostname) {
        await this.outbox.add(ownerChangedEvent(WORKSPACE_CHANGED, next, command.correlationId), manager);
      }
      await this.audit.record(auditEntry('workspace', 'update', workspace.id, { before: workspace, after: next }), actor, manager);
      return next;
    });
  }

  /**
   * Marks the workspace deleted; its jobs keep it. Job documents show no workspace state but its
   * hostname, which does not change, so no event is needed. Repeating it answers the deleted workspace.
   */
  deleteWorkspace(command: DeleteWorkspaceCommand, actor: AuditActor): Promise<WorkspaceEntity> {
    return this.db.transaction(async (manager) => {
      const workspace = await lockVersioned(manager, WorkspaceEntity, 'workspace', command.id, command.expectedVersion);
      if (workspace.deletedAt) return workspace;
      const next = await this.markDeleted(manager, WorkspaceEntity, workspace.id);
      await this.audit.record(auditEntry('workspace', 'delete', workspace.id, { before: workspace, after: next }), actor, manager);
      return next;
    });
  }

  private async markDeleted<T extends UserEntity | WorkspaceEntity>(manager: EntityManager, entity: new () => T, id: string): Promise<T> {
    await manager.createQueryBuilder().update(entity).set({ deletedAt: () => 'now()', version: () => 'version + 1' } as never).where({ id }).execute();
    return manager.findOneByOrFail(entity, { id } as never);
  }
}
