import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

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

  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true })
  nextRunAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
