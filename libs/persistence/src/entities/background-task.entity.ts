import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TASK_TYPES = ['REINDEX', 'RECONCILE', 'REPAIR'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Seed 003's BackgroundTask: an operator run (reindex, reconcile, repair) and how it went. */
@Entity('background_tasks')
export class BackgroundTaskEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50 })
  type: TaskType;

  @Column({ type: 'varchar', length: 20 })
  status: TaskStatus;

  /** 0–100, rising while the task runs. */
  @Column({ type: 'int' })
  progress: number;

  /** The task's options. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** The run's report, once COMPLETED. */
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  /** Claims so far: more than one means a worker died and another took the task over. */
  @Column({ type: 'int' })
  attempts: number;

  /** The user who asked for it; null for the system (the CLI, the indexer's timers). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The running worker's lease: past it, another worker may take the task over. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
