import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Images and build schedules become editable: a version for optimistic locking (If-Match) and
 * an updated_at kept by the same trigger function as job's. Their lists page by id, the
 * primary key, so only the filters need indexes: schedules by status.
 */
export class ImageScheduleVersions1733100000000 implements MigrationInterface {
  name = 'ImageScheduleVersions1733100000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['image', 'build_schedule']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN version BIGINT NOT NULL DEFAULT 1`);
      await db.query(`ALTER TABLE ${table} ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()`);
      await db.query(`CREATE TRIGGER ${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION update_updated_at()`);
    }
    await db.query(`CREATE INDEX idx_build_schedule_status ON build_schedule(status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_build_schedule_status`);
    for (const table of ['build_schedule', 'image']) {
      await db.query(`DROP TRIGGER ${table}_updated_at ON ${table}`);
      await db.query(`ALTER TABLE ${table} DROP COLUMN updated_at`);
      await db.query(`ALTER TABLE ${table} DROP COLUMN version`);
    }
  }
}
