import { TaskType } from '@jobstream/persistence';

/**
 * A task a worker holds. `attempt` (the row's attempts when it was claimed) fences the worker's
 * writes: once another worker has taken the task over, the old one can no longer change it.
 */
export interface ClaimedTask {
  id: string;
  type: TaskType;
  payload: Record<string, unknown>;
  attempt: number;
}

/** The worker's lease ran out and another worker took the task over: this run must stop. */
export class TaskLeaseLost extends Error {
  constructor(task: ClaimedTask) {
    super(`task ${task.id} was taken over by another worker (attempt ${task.attempt} lost its lease)`);
    this.name = 'TaskLeaseLost';
  }
}
