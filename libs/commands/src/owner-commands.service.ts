import {
  CreateUserCommand,
  CreateWorkspaceCommand,
  UpdateUserCommand,
  UpdateWorkspaceCommand,
  USER_CHANGED,
  WORKSPACE_CHANGED,
} from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { OutboxWriter } from '@jobstream/outbox';
import { UserEntity, WorkspaceEntity } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ownerChangedEvent } from './job-events.factory';
import { FOREIGN_KEY_VIOLATION, sqlState, UNIQUE_VIOLATION } from './pg-errors';
import { lockVersioned } from './versioned-rows';

const emailTaken = (email: string) =>
  new JobstreamError('CONFLICT', `a user with email ${email} already exists`, {
    fields: [{ field: 'email', messages: ['already in use'] }],
  });

/**
 * Users and workspaces: the owners a job's search document is denormalized from. A change to
 * what jobs show of them (name, email, hostname) records an owner event in the same
 * transaction; the job-writer then re-versions their jobs (see JobRedenormalizer).
 */
@Injectable()
export class OwnerCommandsService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Idempotent by id; a second user with the same email is a conflict. */
  async createUser(command: CreateUserCommand): Promise<UserEntity> {
    const id = command.id ?? uuidv7();
    try {
      // Conflicts on id only: a repeated command is a no-op, a taken email still fails.
      await this.db.query(`INSERT INTO users (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
        id,
        command.email,
        command.name,
      ]);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw emailTaken(command.email);
      throw error;
    }
    return this.db.manager.findOneByOrFail(UserEntity, { id });
  }

  async updateUser(command: UpdateUserCommand): Promise<UserEntity> {
    try {
      return await this.db.transaction(async (manager) => {
        const user = await lockVersioned(manager, UserEntity, 'user', command.id, command.expectedVersion);
        const changes = { ...(command.name ? { name: command.name } : {}), ...(command.email ? { email: command.email } : {}) };
        const changed = Object.entries(changes).some(([key, value]) => user[key as keyof typeof changes] !== value);
        if (!changed) return user;
        const next = { ...user, ...changes, version: user.version + 1 };
        await manager.update(UserEntity, { id: user.id }, { ...changes, version: next.version });
        await this.outbox.add(ownerChangedEvent(USER_CHANGED, next, command.correlationId), manager);
        return next;
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw emailTaken(command.email!);
      throw error;
    }
  }

  async createWorkspace(command: CreateWorkspaceCommand): Promise<WorkspaceEntity> {
    const id = command.id ?? uuidv7();
    try {
      await this.db
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
        .execute();
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
        throw JobstreamError.invalid('userId', `user ${command.userId} does not exist`);
      }
      throw error;
    }
    return this.db.manager.findOneByOrFail(WorkspaceEntity, { id });
  }

  async updateWorkspace(command: UpdateWorkspaceCommand): Promise<WorkspaceEntity> {
    return this.db.transaction(async (manager) => {
      const workspace = await lockVersioned(manager, WorkspaceEntity, 'workspace', command.id, command.expectedVersion);
      const changes = {
        ...(command.hostname !== undefined ? { hostname: command.hostname } : {}),
        ...(command.status ? { status: command.status } : {}),
      };
      const next = { ...workspace, ...changes, version: workspace.version + 1 };
      await manager.update(WorkspaceEntity, { id: workspace.id }, { ...changes, version: next.version });
      if (next.hostname !== workspace.hostname) {
        await this.outbox.add(ownerChangedEvent(WORKSPACE_CHANGED, next, command.correlationId), manager);
      }
      return next;
    });
  }
}
