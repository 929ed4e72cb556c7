import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions for users and workspaces: optimistic locking of their updates, and the aggregate
 * version of their change events.
 */
export class OwnerVersions1732600000000 implements MigrationInterface {
  name = 'OwnerVersions1732600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE workspace ADD COLUMN version BIGINT NOT NULL DEFAULT 1`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE workspace DROP COLUMN version`);
    await db.query(`ALTER TABLE users DROP COLUMN version`);
  }
}
