import { MigrationInterface, QueryRunner } from 'typeorm';

const TIMESTAMPS = ['created_at', 'updated_at', 'completed_at', 'es_synced_at'];

/** As in the initial schema; it names es_synced_at, so it must go while that column changes type. */
const CREATE_UPDATED_AT_TRIGGER = `
  CREATE TRIGGER job_updated_at
    BEFORE UPDATE ON job
    FOR EACH ROW
    WHEN (NEW.es_synced_at IS NOT DISTINCT FROM OLD.es_synced_at
      AND NEW.es_sync_version IS NOT DISTINCT FROM OLD.es_sync_version)
    EXECUTE FUNCTION update_updated_at()`;

async function retypeTimestamps(db: QueryRunner, type: string): Promise<void> {
  await db.query(`DROP TRIGGER job_updated_at ON job`);
  await db.query(`ALTER TABLE job ${TIMESTAMPS.map((column) => `ALTER COLUMN ${column} TYPE ${type}`).join(', ')}`);
  await db.query(CREATE_UPDATED_AT_TRIGGER);
}

/**
 * PostgreSQL answers the dashboard's searches while Elasticsearch is down, with the same keyset
 * cursors, so it must order jobs exactly as Elasticsearch does:
 * - Job times become millisecond precision (`timestamptz(3)`, rounded on write), which is what a
 *   `date` field in Elasticsearch holds, so a cursor's time means the same job in both stores.
 *   es_synced_at rounds the same way, so seed 001's `es_synced_at < updated_at` keeps its meaning
 *   (rounding both sides never turns "after" into "before").
 * - Composite indexes `(filter, sort time, id)` serve the fallback's filters (status, user,
 *   project, workspace) in cursor order, and replace seed 001's single-column indexes they start with.
 */
export class JobSearchIndexes1732900000000 implements MigrationInterface {
  name = 'JobSearchIndexes1732900000000';

  async up(db: QueryRunner): Promise<void> {
    await retypeTimestamps(db, 'timestamptz(3)');
    await db.query(`DROP INDEX idx_job_status, idx_job_created_at, idx_job_status_created, idx_job_user_id`);
    await db.query(`CREATE INDEX idx_job_created_id ON job(created_at, id)`);
    await db.query(`CREATE INDEX idx_job_updated_id ON job(updated_at, id)`);
    await db.query(`CREATE INDEX idx_job_completed_id ON job(completed_at, id)`);
    await db.query(`CREATE INDEX idx_job_status_created_id ON job(status, created_at, id)`);
    await db.query(`CREATE INDEX idx_job_user_created_id ON job(user_id, created_at, id)`);
    await db.query(`CREATE INDEX idx_job_project_created_id ON job(project_name, created_at, id)`);
    await db.query(`CREATE INDEX idx_job_workspace_created_id ON job(workspace_id, created_at, id)`);
    await db.query(`DROP INDEX idx_job_workspace`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX idx_job_workspace ON job(workspace_id)`);
    await db.query(
      `DROP INDEX idx_job_created_id, idx_job_updated_id, idx_job_completed_id, idx_job_status_created_id,
                  idx_job_user_created_id, idx_job_project_created_id, idx_job_workspace_created_id`,
    );
    await db.query(`CREATE INDEX idx_job_created_at ON job(created_at DESC)`);
    await db.query(`CREATE INDEX idx_job_status_created ON job(status, created_at DESC)`);
    await db.query(`CREATE INDEX idx_job_user_id ON job(user_id)`);
    await db.query(`CREATE INDEX idx_job_status ON job(status)`);
    await retypeTimestamps(db, 'timestamptz');
  }
}
