import {
  CreateJobCommand,
  DeleteJobCommand,
  JOB_CREATED,
  JOB_STATUS_CHANGED,
  JobDeletionV1,
  JobSnapshotV1,
  TransitionJobCommand,
} from '@jobstream/contracts';
import { AuditActor, AuditWriter } from '@jobstream/audit';
import { assertVersion, JobstreamError, transitionJob } from '@jobstream/domain';
import { OutboxWriter } from '@jobstream/outbox';
import { JobEntity, loadJobSnapshot, toJob, WorkspaceEntity } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { v7 as uuidv7 } from 'uuid';
import { auditEntry } from './audit-entries';
import { jobDeletedEvent, jobEvent } from './job-events.factory';
import { liveOwner } from './live-owner';

/**
 * Every job write: the row, its event and its audit row are committed in one transaction, or
 * none is. Writes to one job serialise on its row lock, which also orders its outbox rows.
 */
@Injectable()
export class JobCommandsService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  /** Idempotent by id: a repeated command answers with the job it already created. A deleted user or workspace takes no new jobs. */
  async create(command: CreateJobCommand, actor: AuditActor): Promise<JobSnapshotV1> {
    const id = command.id ?? uuidv7();
    return this.db.transaction(async (manager) => {
      // FOR SHARE: an owner change (or deletion) waits for this job to commit, so its fan-out
      // (which starts after the owner change commits) is sure to see this job.
      const user = await liveOwner(manager, command.userId);
      const workspace = command.workspaceId
        ? await manager.findOne(WorkspaceEntity, { where: { id: command.workspaceId }, lock: { mode: 'pessimistic_read' } })
        : null;
      if (command.workspaceId && !workspace) {
        throw JobstreamError.invalid('workspaceId', `workspace ${command.workspaceId} does not exist`);
      }
      if (workspace?.deletedAt) throw JobstreamError.invalid('workspaceId', `workspace ${workspace.id} is deleted`);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(JobEntity)
        .values({
          id,
          userId: user.id,
          userEmail: user.email,
          workspaceId: command.workspaceId ?? null,
          status: 'PENDING',
          type: command.type,
          projectName: command.projectName,
          // A job on a workspace runs where the workspace is, unless the command says otherwise.
          hostname: command.hostname ?? workspace?.hostname ?? null,
          arch: command.arch ?? workspace?.arch ?? null,
          // TypeORM's deep-partial type cannot express `unknown` leaves; the column is JSONB.
          metadata: (command.metadata ?? null) as QueryDeepPartialEntity<JobEntity>['metadata'],
          version: 1,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const job = await this.snapshot(manager, id);
      if (inserted.raw.length === 0) return job;
      await this.outbox.add(jobEvent(JOB_CREATED, job, command.correlationId), manager);
      await this.audit.record(auditEntry('job', 'create', id, { after: job }), actor, manager);
      return job;
    });
  }

  async transition(command: TransitionJobCommand, actor: AuditActor): Promise<JobSnapshotV1> {
    return this.db.transaction(async (manager) => {
      const row = await this.lockJob(manager, command.id);
      const current = toJob(row);
      const next = transitionJob(current, command.status, {
        expectedVersion: command.expectedVersion,
        errorMessage: command.errorMessage,
        now: new Date().toISOString(),
      });
      await manager.update(
        JobEntity,
        { id: next.id },
        {
          status: next.status,
          errorMessage: next.errorMessage,
          completedAt: next.completedAt ? new Date(next.completedAt) : null,
          version: next.version,
        },
      );
      const job = await this.snapshot(manager, next.id);
      // The locked row already holds all a transition changes, so the before-image costs no query.
      const { status, errorMessage, completedAt, updatedAt, version } = current;
      const before: JobSnapshotV1 = { ...job, status, errorMessage, completedAt, updatedAt, version };
      await this.outbox.add(jobEvent(JOB_STATUS_CHANGED, job, command.correlationId), manager);
      await this.audit.record(auditEntry('job', 'transition', job.id, { before, after: job }), actor, manager);
      return job;
    });
  }

  /**
   * Removes the job and records a deletion one version past its last, so Elasticsearch drops
   * the document and refuses every older event that may still arrive.
   */
  async delete(command: DeleteJobCommand, actor: AuditActor): Promise<JobDeletionV1> {
    return this.db.transaction(async (manager) => {
      const row = await this.lockJob(manager, command.id);
      assertVersion(row, command.expectedVersion);
      const before = await this.snapshot(manager, row.id);
      await manager.delete(JobEntity, { id: row.id });
      const deletion = { id: row.id, version: row.version + 1, deletedAt: new Date().toISOString() };
      await this.outbox.add(jobDeletedEvent(deletion, command.correlationId), manager);
      await this.audit.record(auditEntry('job', 'delete', row.id, { before }), actor, manager);
      return deletion;
    });
  }

  private async lockJob(manager: EntityManager, id: string): Promise<JobEntity> {
    const row = await manager.findOne(JobEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw JobstreamError.notFound('job', id);
    return row;
  }

  private async snapshot(manager: EntityManager, id: string): Promise<JobSnapshotV1> {
    const job = await loadJobSnapshot(manager, id);
    if (!job) throw JobstreamError.notFound('job', id);
    return job;
  }
}
