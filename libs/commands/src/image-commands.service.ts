import {
  BuildScheduleStatus,
  CreateBuildScheduleCommand,
  CreateImageCommand,
  UpdateBuildScheduleCommand,
  UpdateImageCommand,
  VersionedWriteCommand,
} from '@jobstream/contracts';
import { AuditActor, AuditWriter } from '@jobstream/audit';
import { JobstreamError, nextCronRun } from '@jobstream/domain';
import { BuildScheduleEntity, ImageEntity } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { auditEntry } from './audit-entries';
import { FOREIGN_KEY_VIOLATION, sqlState } from './pg-errors';
import { changedFields, lockVersioned } from './versioned-rows';

type Versioned = { id: string; version: number };

/** While a schedule is active it shows when it fires next; a paused one never does. */
function nextRunAt(cronExpression: string, status: string): Date | null {
  return status === 'ACTIVE' ? nextCronRun(cronExpression, new Date()) : null;
}

/** What the writes name an entity and its parent by: in errors (404s) and audit rows. */
interface Names {
  entity: string;
  parent: string;
}

const IMAGE: Names = { entity: 'image', parent: 'user' };
const BUILD_SCHEDULE: Names = { entity: 'build schedule', parent: 'image' };

/**
 * Images and their build schedules. Neither is part of a job's search document, so their
 * writes need no outbox events: the row and its audit row, in one transaction.
 */
@Injectable()
export class ImageCommandsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  /** Idempotent by id; an unknown owner is a 404. */
  createImage(command: CreateImageCommand, actor: AuditActor): Promise<ImageEntity> {
    const { userId, name, arch } = command;
    return this.create(ImageEntity, IMAGE, { id: command.id ?? uuidv7(), userId, name, arch, tag: command.tag ?? 'latest' }, userId, actor);
  }

  updateImage(command: UpdateImageCommand, actor: AuditActor): Promise<ImageEntity> {
    const { name, tag, arch } = command;
    return this.update(ImageEntity, IMAGE, command, actor, (image) => changedFields(image, { name, tag, arch }));
  }

  /** Idempotent by id; an unknown image is a 404. */
  createBuildSchedule(command: CreateBuildScheduleCommand, actor: AuditActor): Promise<BuildScheduleEntity> {
    const { imageId, cronExpression } = command;
    const status: BuildScheduleStatus = command.status ?? 'ACTIVE';
    const values = { id: command.id ?? uuidv7(), imageId, cronExpression, status, nextRunAt: nextRunAt(cronExpression, status) };
    return this.create(BuildScheduleEntity, BUILD_SCHEDULE, values, imageId, actor);
  }

  updateBuildSchedule(command: UpdateBuildScheduleCommand, actor: AuditActor): Promise<BuildScheduleEntity> {
    const { cronExpression, status } = command;
    return this.update(BuildScheduleEntity, BUILD_SCHEDULE, command, actor, (schedule) => {
      const changes = changedFields(schedule, { cronExpression, status });
      if (Object.keys(changes).length === 0) return changes;
      return { ...changes, nextRunAt: nextRunAt(changes.cronExpression ?? schedule.cronExpression, changes.status ?? schedule.status) };
    });
  }

  private async create<T extends Versioned>(
    entity: EntityTarget<T>,
    names: Names,
    values: Partial<T> & { id: string },
    parentId: string,
    actor: AuditActor,
  ): Promise<T> {
    try {
      return await this.db.transaction(async (manager) => {
        const inserted = await manager.createQueryBuilder().insert().into(entity).values(values as never).orIgnore().returning(['id']).execute();
        const row = await manager.findOneByOrFail(entity, { id: values.id } as never);
        if (inserted.raw.length > 0) await this.audit.record(auditEntry(names.entity, 'create', row.id, { after: row }), actor, manager);
        return row;
      });
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw JobstreamError.notFound(names.parent, parentId);
      throw error;
    }
  }

  /** Bumps the version only when something changed, so a repeated update is a no-op (and records nothing). */
  private update<T extends Versioned>(
    entity: EntityTarget<T>,
    names: Names,
    command: VersionedWriteCommand,
    actor: AuditActor,
    changes: (row: T) => Partial<T>,
  ): Promise<T> {
    return this.db.transaction(async (manager) => {
      const row = await lockVersioned(manager, entity, names.entity, command.id, command.expectedVersion);
      const changed = changes(row);
      if (Object.keys(changed).length === 0) return row;
      await manager.update(entity, { id: row.id } as never, { ...changed, version: row.version + 1 } as never);
      const next = await manager.findOneByOrFail(entity, { id: row.id } as never);
      await this.audit.record(auditEntry(names.entity, 'update', row.id, { before: row, after: next }), actor, manager);
      return next;
    });
  }
}
