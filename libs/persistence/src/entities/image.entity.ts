import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('image')
export class ImageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  tag: string;

  @Column({ type: 'varchar', length: 50 })
  arch: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
