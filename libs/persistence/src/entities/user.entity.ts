import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Unique among live users only (a partial unique index), so a deleted user's email can be taken again. */
  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  version: number;

  /**
   * Set when the user is deleted: the row stays (seed 004's soft delete) so what refers to it keeps
   * its history; lists leave it out unless asked. A plain column, not TypeORM's DeleteDateColumn,
   * whose implicit filtering would hide deleted rows from the reads that must still see them.
   */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
