import { CreateUserCommand, CreateWorkspaceCommand } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { UserEntity, WorkspaceEntity } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { FOREIGN_KEY_VIOLATION, sqlState, UNIQUE_VIOLATION } from './pg-errors';

/** Users and workspaces: the owners a job's search document is denormalized from. */
@Injectable()
export class OwnerCommandsService {
  constructor(private readonly db: DataSource) {}

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
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw new JobstreamError('CONFLICT', `a user with email ${command.email} already exists`, {
          fields: [{ field: 'email', messages: ['already in use'] }],
        });
      }
      throw error;
    }
    return this.db.manager.findOneByOrFail(UserEntity, { id });
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
}
