import { Equal, Expect, Job, JobStatus, JobType } from '@jobstream/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/**
 * The job row. Its decorators stay written out (TypeORM reads them), but they cannot drift from
 * the job: the compiler checks the properties against libs/domain's Job below, and the snapshot
 * SQL and the job queries take each field's column from them (job-columns.ts).
 */
@Entity('job')
export class JobEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId: string | null;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 50 })
  status: JobStatus;

  @Column({ type: 'varchar', length: 50 })
  type: JobType;

  @Column({ name: 'project_name', type: 'varchar', length: 255 })
  projectName: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  hostname: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  arch: string | null;

  @Column({ name: 'user_email', type: 'varchar', length: 255, nullable: true })
  userEmail: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;

  /** Set by the database (DEFAULT NOW() and the updated_at trigger), never by the application. */
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, insert: false, update: false })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  version: number;

  @Column({ name: 'es_synced_at', type: 'timestamptz', precision: 3, nullable: true })
  esSyncedAt: Date | null;

  @Column({ name: 'es_sync_version', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  esSyncVersion: number | null;
}

/** seed 001's sync columns: the indexer's record of the row, not a field of the job. */
type JobSyncColumn = 'esSyncedAt' | 'esSyncVersion';

/** The row's fields as a snapshot carries them: timestamps become ISO-8601 strings. */
type AsSnapshotted<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** Every field of the job is a column of its row, of the same type (times as Dates), and no other column is. */
type _RowHoldsTheJob = Expect<Equal<AsSnapshotted<Omit<JobEntity, JobSyncColumn>>, Job>>;
