import { AuditActor } from '@jobstream/audit';
import { TaskType } from '@jobstream/persistence';
import { Logger } from '@nestjs/common';
import { ClaimedTask } from './claimed-task';
import { TaskHandler, TaskProgress } from './task-handler';
import { TaskPolicy } from './task-policy';
import { TaskStore } from './task-store';

/**
 * Runs a claimed task to its end: renews the lease every third of it while the handler works
 * (a long step without progress must not look like a dead worker), records progress when the
 * percentage moves, then the result or the error. When `signal` aborts (the worker shuts down),
 * the next progress report stops the handler and the task goes back to PENDING for another worker.
 */
export class TaskExecutor {
  private readonly logger = new Logger(TaskExecutor.name);

  constructor(
    private readonly store: TaskStore,
    private readonly policy: TaskPolicy,
  ) {}

  /** Records a run its caller does itself (the CLI, a timer) as a task, RUNNING from the start, and runs it. */
  async run<R extends object>(type: TaskType, payload: Record<string, unknown>, actor: AuditActor, handler: (progress: TaskProgress) => Promise<R>): Promise<R> {
    return (await this.execute(await this.store.start(type, payload, actor), (_, progress) => handler(progress))) as R;
  }

  async execute(task: ClaimedTask, handler: TaskHandler, signal?: AbortSignal): Promise<object> {
    const keepAlive = setInterval(
      () => this.store.renew(task).catch((error) => this.logger.warn(`task ${task.id}: lease not renewed: ${String(error)}`)),
      this.policy.leaseMs / 3,
    );
    let reported = 0;
    const progress = async (percent: number) => {
      signal?.throwIfAborted();
      const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
      if (rounded === reported) return;
      reported = rounded;
      await this.store.renew(task, rounded);
    };
    try {
      const result = await handler(task.payload, progress);
      await this.store.complete(task, result);
      return result;
    } catch (error) {
      const settle = signal?.aborted ? this.store.release(task) : this.store.fail(task, error);
      await settle.catch((failure) => this.logger.warn(`task ${task.id}: outcome not recorded: ${String(failure)}`));
      throw error;
    } finally {
      clearInterval(keepAlive);
    }
  }
}
