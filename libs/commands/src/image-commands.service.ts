import {
  BuildScheduleStatus,
  CreateBuildScheduleCommand,
  CreateImageCommand,
  UpdateBuildScheduleCommand,
  UpdateImageCommand,
  VersionedWriteCommand,
} from '@jobstream/contracts';
import { JobstreamError, nextCronRun } from '@jobstream/domain';
import { BuildScheduleEntity, ImageEntity } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { FOREIGN_KEY_VIOLATION, sqlState } from './pg-errors';
import { changedFields, lockVersioned } from './versioned-rows';

type Versioned = { id: string; version: number };

/** While a schedule is active it shows when it fires next; a paused one never does. */
function nextRunAt(cronExpression: string, status: string): Date | null {
  return status === 'ACTIVE' ? nextCronRun(cronExpression, new Date()) : null;
}

/**
 * Images and their build schedules. Neither is part of a job's search document, so their
 * writes need no outbox events: one statement, or a locked read and an update.
 */
@Injectable()
export class ImageCommandsService {
  constructor(private readonly db: DataSource) {}

  /** Idempotent by id; an unknown owner is a 404. */
  createImage(command: CreateImageCommand): Promise<ImageEntity> {
    const { userId, name, arch } = command;
    return this.create(ImageEntity, { id: command.id ?? uuidv7(), userId, name, arch, tag: command.tag ?? 'latest' }, 'user', userId);
  }

  updateImage(command: UpdateImageCommand): Promise<ImageEntity> {
    const { name, tag, arch } = command;
    return this.update(ImageEntity, 'image', command, (image) => changedFields(image, { name, tag, arch }));
  }

  /** Idempotent by id; an unknown image is a 404. */
  createBuildSchedule(command: CreateBuildScheduleCommand): Promise<BuildScheduleEntity> {
    const { imageId, cronExpression } = command;
    const status: BuildScheduleStatus = command.status ?? 'ACTIVE';
    const values = { id: command.id ?? uuidv7(), imageId, cronExpression, status, nextRunAt: nextRunAt(cronExpression, status) };
    return this.create(BuildScheduleEntity, values, 'image', imageId);
  }

  updateBuildSchedule(command: UpdateBuildScheduleCommand): Promise<BuildScheduleEntity> {
    const { cronExpression, status } = command;
    return this.update(BuildScheduleEntity, 'build schedule', command, (schedule) => {
      const changes = changedFields(schedule, { cronExpression, status });
      if (Object.keys(changes).length === 0) return changes;
      return { ...changes, nextRunAt: nextRunAt(changes.cronExpression ?? schedule.cronExpression, changes.status ?? schedule.status) };
    });
  }

  private async create<T extends Versioned>(entity: EntityTarget<T>, values: Partial<T> & { id: string }, parent: string, parentId: string): Promise<T> {
    try {
      await this.db.createQueryBuilder().insert().into(entity).values(values as never).orIgnore().execute();
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw JobstreamError.notFound(parent, parentId);
      throw error;
    }
    return this.db.manager.findOneByOrFail(entity, { id: values.id } as never);
  }

  /** Bumps the version only when something changed, so a repeated update is a no-op. */
  private update<T extends Versioned>(
    entity: EntityTarget<T>,
    name: string,
    command: VersionedWriteCommand,
    changes: (row: T) => Partial<T>,
  ): Promise<T> {
    return this.db.transaction(async (manager) => {
      const row = await lockVersioned(manager, entity, name, command.id, command.expectedVersion);
      const changed = changes(row);
      if (Object.keys(changed).length === 0) return row;
      await manager.update(entity, { id: row.id } as never, { ...changed, version: row.version + 1 } as never);
      return manager.findOneByOrFail(entity, { id: row.id } as never);
    });
  }
}
