import {
  CreateJobCommand,
  DeleteJobCommand,
  JobCreation,
  jobDeletedEvent,
  JobDeletionV1,
  JobSnapshotV1,
  TransitionJobCommand,
} from '@jobstream/contracts';
import { AuditActor, AuditWriter } from '@jobstream/audit';
import { assertVersion, Job, JobstreamError, transitionJob } from '@jobstream/domain';
import { JobEntity, loadJobSnapshot, OutboxWriter } from '@jobstream/persistence';
import { inParallel } from '@jobstream/util';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { auditEntry } from './audit-entries';
import { CREATE_JOBS, DELETE_JOB, READ_JOB, TRANSITION_JOB } from './job-write.statements';

/**
 * Every job write: the row, its event and its audit row are committed in one transaction, or
 * none is (creates and transitions as one statement each, see job-write.statements). Writes to
 * one job serialise on its row lock, held to the end of the statement or transaction, which also
 * orders its outbox rows.
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
    const [result] = await this.createMany([command], actor);
    if (result instanceof JobstreamError) throw result;
    return result.job;
  }

  /**
   * Creates many jobs in one statement (CREATE_JOBS): each item answers its job or why it was
   * refused, in order, and one refused item never fails the others. The same id twice answers
   * the one job twice; only the first of them says `created` (when it was new).
   */
  async createMany(commands: CreateJobCommand[], actor: AuditActor): Promise<(JobCreation | JobstreamError)[]> {
    const ids = commands.map((command) => command.id ?? uuidv7());
    const first = new Map<string, number>();
    ids.forEach((id, i) => first.has(id) || first.set(id, i));
    const items = [...first].map(([id, i]) => ({ ...commands[i], ord: i, id, eventId: uuidv7(), auditId: uuidv7() }));
    const rows: CreatedRow[] = await this.db.query(CREATE_JOBS, [...actorParams(actor), JSON.stringify(items)]);
    const byOrd = new Map(rows.map((row) => [row.ord, row]));
    return ids.map((id, i) => {
      const ord = first.get(id)!;
      return outcomeOf(byOrd.get(ord)!, commands[i], ord === i);
    });
  }

  /**
   * Reads the job, applies the domain's transition and writes it only if the job is still at the
   * version read (TRANSITION_JOB): two round trips and no explicit transaction. A concurrent
   * write makes the write match nothing, and the transition is worked out again from the new
   * state (where a stale `expectedVersion` becomes a VERSION_CONFLICT).
   */
  async transition(command: TransitionJobCommand, actor: AuditActor): Promise<JobSnapshotV1> {
    for (;;) {
      const [row]: JobRow[] = await this.db.query(READ_JOB, [command.id]);
      if (!row) throw JobstreamError.notFound('job', command.id);
      const current = toJob(row);
      const next = transitionJob(current, command.status, {
        expectedVersion: command.expectedVersion,
        errorMessage: command.errorMessage,
        now: new Date().toISOString(),
      });
      // The audit before-image: the snapshot with what a transition changes as it was.
      const { status, errorMessage, completedAt, updatedAt, version } = current;
      const [changed]: { snapshot: JobSnapshotV1 }[] = await this.db.query(TRANSITION_JOB, [
        ...actorParams(actor),
        next.id,
        next.status,
        next.errorMessage,
        next.completedAt,
        current.version,
        uuidv7(),
        command.correlationId ?? null,
        JSON.stringify({ status, errorMessage, completedAt, updatedAt, version }),
        uuidv7(),
      ]);
      if (changed) return changed.snapshot;
    }
  }

  /**
   * Many status changes, each a `transition` (its own event and audit row), answered per item in
   * order: the job at its new version, or why it was refused. Items naming one job apply one after
   * another in request order; different jobs at most TRANSITION_CONCURRENCY at once. A failure
   * that is no refusal (the database gone) fails the whole call; items already applied stay.
   */
  async transitionMany(commands: TransitionJobCommand[], actor: AuditActor): Promise<(JobSnapshotV1 | JobstreamError)[]> {
    const byJob = new Map<string, number[]>();
    commands.forEach((command, i) => {
      // UUIDs compare without case in PostgreSQL: one job, one group.
      const id = command.id.toLowerCase();
      byJob.set(id, [...(byJob.get(id) ?? []), i]);
    });
    const outcomes: (JobSnapshotV1 | JobstreamError)[] = new Array(commands.length);
    await inParallel([...byJob.values()], TRANSITION_CONCURRENCY, async (indices) => {
      for (const i of indices) outcomes[i] = await this.transition(commands[i], actor).catch(refusal);
    });
    return outcomes;
  }

  /**
   * Removes the job and records a deletion one version past its last, so Elasticsearch drops
   * the document and refuses every older event that may still arrive; job_deletions keeps the id
   * from being reused (see CREATE_JOBS).
   */
  async delete(command: DeleteJobCommand, actor: AuditActor): Promise<JobDeletionV1> {
    return this.db.transaction(async (manager) => {
      const row = await this.lockJob(manager, command.id);
      assertVersion(row, command.expectedVersion);
      const before = await this.snapshot(manager, row.id);
      const deletion = { id: row.id, version: row.version + 1, deletedAt: new Date().toISOString() };
      await manager.query(DELETE_JOB, [deletion.id, deletion.version, deletion.deletedAt]);
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

/** Connections one bulk status change may hold of the job-writer's pool (10 by default), leaving the rest to other commands. */
const TRANSITION_CONCURRENCY = 8;

/** A write's refusal (a JobstreamError) as its outcome; anything else still fails. */
function refusal(error: unknown): JobstreamError {
  if (error instanceof JobstreamError) return error;
  throw error;
}

const actorParams = (actor: AuditActor) => [actor.userId, actor.ipAddress, actor.userAgent, actor.requestId];

interface CreatedRow {
  ord: number;
  deleted_version: number | null;
  owner_found: boolean;
  owner_deleted: boolean;
  workspace_found: boolean;
  workspace_deleted: boolean;
  created: boolean;
  snapshot: JobSnapshotV1 | null;
}

/** `firstOfId`: this item is the first naming its id, the one a new job counts as created by. */
function outcomeOf(row: CreatedRow, command: CreateJobCommand, firstOfId: boolean): JobCreation | JobstreamError {
  if (row.deleted_version !== null) {
    const message = `job ${command.id} was deleted at version ${row.deleted_version}; a deleted job's id is not used again`;
    return new JobstreamError('CONFLICT', message, { entity: 'job', id: command.id, fields: [{ field: 'id', messages: [message] }] });
  }
  if (!row.owner_found) return JobstreamError.invalid('userId', `user ${command.userId} does not exist`);
  if (row.owner_deleted) return JobstreamError.invalid('userId', `user ${command.userId} is deleted`);
  if (command.workspaceId && !row.workspace_found) return JobstreamError.invalid('workspaceId', `workspace ${command.workspaceId} does not exist`);
  if (row.workspace_deleted) return JobstreamError.invalid('workspaceId', `workspace ${command.workspaceId} is deleted`);
  return { job: row.snapshot!, created: row.created && firstOfId };
}

type JobRow = Omit<Job, 'createdAt' | 'updatedAt' | 'completedAt'> & { createdAt: Date; updatedAt: Date; completedAt: Date | null };

const toJob = (row: JobRow): Job => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  completedAt: row.completedAt?.toISOString() ?? null,
});
