import { TaskType } from '@jobstream/persistence';

/** Reports how far a task is, 0–100; renews the lease too. Throws TaskLeaseLost once the task was taken over. */
export type TaskProgress = (percent: number) => Promise<void>;

/** Runs one kind of task; its answer (a report) becomes the task's result. */
export type TaskHandler = (payload: Record<string, unknown>, progress: TaskProgress) => Promise<object>;

export type TaskHandlers = Record<TaskType, TaskHandler>;
