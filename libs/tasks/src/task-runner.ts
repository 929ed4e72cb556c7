import { Periodic } from '@jobstream/util';
import { Logger } from '@nestjs/common';
import { TaskExecutor } from './task-executor';
import { TaskHandlers } from './task-handler';
import { TaskStore } from './task-store';

/**
 * A worker: every `pollMs` it claims pending tasks (and tasks whose worker died) one at a time
 * and runs them. Several workers share the table safely (SKIP LOCKED claims, fenced writes).
 */
export class TaskRunner {
  private readonly logger = new Logger(TaskRunner.name);
  private readonly schedule: Periodic;
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: TaskStore,
    private readonly executor: TaskExecutor,
    private readonly handlers: TaskHandlers,
    pollMs: number,
  ) {
    this.schedule = new Periodic(() => this.drain(), pollMs);
  }

  start(): void {
    this.schedule.start();
  }

  /** Claims no more; the task in progress stops at its next progress report and is handed back. */
  stop(): Promise<void> {
    this.stopping.abort(new Error('the worker is shutting down'));
    return this.schedule.stop();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopping.signal.aborted) {
        const task = await this.store.claim();
        if (!task) return;
        this.logger.log({ msg: 'task started', taskId: task.id, type: task.type, attempt: task.attempt });
        try {
          await this.executor.execute(task, this.handlers[task.type], this.stopping.signal);
          this.logger.log({ msg: 'task completed', taskId: task.id, type: task.type });
        } catch (error) {
          this.logger.warn({ msg: 'task failed', taskId: task.id, type: task.type, error: String(error) });
        }
      }
    } catch (error) {
      this.logger.error(`claiming tasks failed: ${String(error)}`);
    }
  }
}
