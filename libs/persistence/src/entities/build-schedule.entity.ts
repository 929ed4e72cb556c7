import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

@Entity('build_schedule')
export class BuildScheduleEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'image_id', type: 'uuid' })
  imageId: string;

  @Column({ name: 'cron_expression', type: 'varchar', length: 100 })
  cronExpression: string;

  @Column({ type: 'varchar', length: 50 })
  status: string;

  /** The next firing in UTC while ACTIVE; null while PAUSED. */
  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true })
  nextRunAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set by the updated_at trigger, never by the application. */
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false })
  updatedAt: Date;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  version: number;
}
