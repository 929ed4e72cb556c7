import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

@Entity('workspace')
export class WorkspaceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'project_name', type: 'varchar', length: 255 })
  projectName: string;

  @Column({ name: 'parent_name', type: 'varchar', length: 255, nullable: true })
  parentName: string | null;

  @Column({ type: 'varchar', length: 50 })
  arch: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  hostname: string | null;

  @Column({ name: 'container_ip', type: 'varchar', length: 50, nullable: true })
  containerIp: string | null;

  @Column({ name: 'docker_image_id', type: 'varchar', length: 255, nullable: true })
  dockerImageId: string | null;

  @Column({ type: 'varchar', length: 50 })
  status: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  version: number;

  /**
   * Set when the workspace is deleted: the row stays (seed 004's soft delete) so what refers to it keeps
   * its history; lists leave it out unless asked. A plain column, not TypeORM's DeleteDateColumn,
   * whose implicit filtering would hide deleted rows from the reads that must still see them.
   */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ name: 'last_accessed_at', type: 'timestamptz', nullable: true })
  lastAccessedAt: Date | null;
}
