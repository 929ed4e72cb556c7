import { AuditActor, AuditWriter } from '@jobstream/audit';
import { BackgroundTaskEntity, TaskType } from '@jobstream/persistence';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ClaimedTask, TaskLeaseLost } from './claimed-task';
import { TaskPolicy } from './task-policy';

const lease = (policy: TaskPolicy) => `now() + make_interval(secs => ${policy.leaseMs / 1000})`;
const claimedOf = (row: { id: string; type: TaskType; payload: Record<string, unknown>; attempts: number }): ClaimedTask => ({
  id: row.id,
  type: row.type,
  payload: row.payload,
  attempt: row.attempts,
});

/**
 * Seed 003's background tasks in PostgreSQL. Creating one records its audit row in the same
 * transaction. Workers claim pending tasks (and running ones whose lease ran out: their worker
 * died) with FOR UPDATE SKIP LOCKED, like the outbox relay claims rows; every later write of a
 * worker is fenced by its attempt number.
 */
export class TaskStore {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly policy: TaskPolicy,
  ) {}

  /** A PENDING task, for a worker to claim. */
  create(type: TaskType, payload: Record<string, unknown>, actor: AuditActor): Promise<BackgroundTaskEntity> {
    return this.insert(type, payload, actor, 'PENDING');
  }

  /** A task the caller runs itself (the CLI, a timer): RUNNING at once, under the caller's lease. */
  async start(type: TaskType, payload: Record<string, unknown>, actor: AuditActor): Promise<ClaimedTask> {
    return claimedOf(await this.insert(type, payload, actor, 'RUNNING'));
  }

  /** The oldest claimable task, now RUNNING under this worker's lease; null when there is none. */
  async claim(): Promise<ClaimedTask | null> {
    await this.db.query(
      `UPDATE background_tasks
          SET status = 'FAILED', completed_at = now(), locked_until = NULL,
              error_message = 'abandoned: its worker stopped renewing the lease ' || attempts || ' times'
        WHERE status = 'RUNNING' AND locked_until < now() AND attempts >= $1`,
      [this.policy.maxAttempts],
    );
    // A task taken over starts again from nothing, and says so.
    const [rows] = await this.db.query(
      `UPDATE background_tasks
          SET status = 'RUNNING', attempts = attempts + 1, progress = 0, started_at = COALESCE(started_at, now()),
              locked_until = ${lease(this.policy)}
        WHERE id = (SELECT id FROM background_tasks
                     WHERE status = 'PENDING' OR (status = 'RUNNING' AND locked_until < now())
                     ORDER BY created_at, id
                     LIMIT 1
                     FOR UPDATE SKIP LOCKED)
        RETURNING id, type, payload, attempts`,
    );
    return rows.length > 0 ? claimedOf(rows[0]) : null;
  }

  /** Renews the lease; with `progress`, records it too. */
  async renew(task: ClaimedTask, progress?: number): Promise<void> {
    await this.fenced(task, `locked_until = ${lease(this.policy)}, progress = COALESCE($3::int, progress)`, [progress ?? null]);
  }

  async complete(task: ClaimedTask, result: object): Promise<void> {
    await this.fenced(task, `status = 'COMPLETED', progress = 100, result = $3::jsonb, completed_at = now(), locked_until = NULL`, [JSON.stringify(result)]);
  }

  /** Hands an unfinished task back (its worker is shutting down), for the next claim to start over. */
  async release(task: ClaimedTask): Promise<void> {
    await this.fenced(task, `status = 'PENDING', progress = 0, locked_until = NULL`, []);
  }

  async fail(task: ClaimedTask, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.fenced(task, `status = 'FAILED', error_message = $3, completed_at = now(), locked_until = NULL`, [message]);
  }

  private async insert(type: TaskType, payload: Record<string, unknown>, actor: AuditActor, status: 'PENDING' | 'RUNNING') {
    const running = status === 'RUNNING';
    return this.db.transaction(async (manager) => {
      const id = uuidv7();
      await manager.query(
        `INSERT INTO background_tasks (id, type, status, payload, created_by, attempts, started_at, locked_until)
         VALUES ($1, $2, $3, $4, $5, $6, ${running ? 'now()' : 'NULL'}, ${running ? lease(this.policy) : 'NULL'})`,
        [id, type, status, JSON.stringify(payload), actor.userId, running ? 1 : 0],
      );
      const task = await manager.findOneByOrFail(BackgroundTaskEntity, { id });
      await this.audit.record({ action: 'background-task.create', entityType: 'background-task', entityId: id, after: task }, actor, manager);
      return task;
    });
  }

  /** An update by the worker holding `task`; throws TaskLeaseLost when another worker has taken it over. */
  private async fenced(task: ClaimedTask, set: string, params: unknown[]): Promise<void> {
    const [, count] = await this.db.query(
      `UPDATE background_tasks SET ${set} WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [task.id, task.attempt, ...params],
    );
    if (count === 0) throw new TaskLeaseLost(task);
  }
}
