import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data model of seeds 000 and 001, plus the transactional outbox.
 *
 * Where the seeds disagree, seed 001 (the complete job schema) wins: it renames 000's
 * idx_job_user / idx_job_created to idx_job_user_id / idx_job_created_at, so those are created
 * once under 001's names rather than twice. Timestamps are TIMESTAMPTZ everywhere (001's choice
 * for job) so times compare across tables whatever the session time zone.
 */
export class InitialSchema1732500000000 implements MigrationInterface {
  name = 'InitialSchema1732500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        email VARCHAR(255) UNIQUE NOT NULL,
        name VARCHAR(255) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);

    await db.query(`
      CREATE TABLE workspace (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id UUID NOT NULL REFERENCES users(id),
        project_name VARCHAR(255) NOT NULL,
        parent_name VARCHAR(255),
        arch VARCHAR(50) NOT NULL,
        hostname VARCHAR(255),
        container_ip VARCHAR(50),
        docker_image_id VARCHAR(255),
        status VARCHAR(50) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        last_accessed_at TIMESTAMPTZ
      )`);
    await db.query(`CREATE INDEX idx_workspace_user ON workspace(user_id)`);
    await db.query(`CREATE INDEX idx_workspace_status ON workspace(status)`);
    await db.query(`CREATE INDEX idx_workspace_project ON workspace(project_name)`);

    await db.query(`
      CREATE TABLE job (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id UUID REFERENCES workspace(id) ON DELETE SET NULL,
        user_id UUID NOT NULL REFERENCES users(id),
        status VARCHAR(50) NOT NULL,
        type VARCHAR(50) NOT NULL,
        project_name VARCHAR(255) NOT NULL,
        hostname VARCHAR(255),
        arch VARCHAR(50),
        user_email VARCHAR(255),
        error_message TEXT,
        metadata JSONB,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        completed_at TIMESTAMPTZ,
        version BIGINT NOT NULL DEFAULT 0,
        es_synced_at TIMESTAMPTZ,
        es_sync_version BIGINT DEFAULT 0
      )`);
    await db.query(`CREATE INDEX idx_job_status ON job(status)`);
    await db.query(`CREATE INDEX idx_job_user_id ON job(user_id)`);
    await db.query(`CREATE INDEX idx_job_created_at ON job(created_at DESC)`);
    await db.query(`CREATE INDEX idx_job_status_created ON job(status, created_at DESC)`);
    await db.query(`CREATE INDEX idx_job_workspace ON job(workspace_id)`);
    await db.query(`
      CREATE INDEX idx_job_es_sync ON job(updated_at)
        WHERE es_synced_at IS NULL OR es_synced_at < updated_at`);

    await db.query(`
      CREATE OR REPLACE FUNCTION update_updated_at()
      RETURNS TRIGGER AS $$
      BEGIN
        NEW.updated_at = NOW();
        RETURN NEW;
      END;
      $$ LANGUAGE plpgsql`);
    // The indexer's write-back of es_synced_at / es_sync_version is not a change to the job:
    // bumping updated_at there would make every synced row look unsynced again.
    await db.query(`
      CREATE TRIGGER job_updated_at
        BEFORE UPDATE ON job
        FOR EACH ROW
        WHEN (NEW.es_synced_at IS NOT DISTINCT FROM OLD.es_synced_at
          AND NEW.es_sync_version IS NOT DISTINCT FROM OLD.es_sync_version)
        EXECUTE FUNCTION update_updated_at()`);

    await db.query(`
      CREATE TABLE image (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id UUID NOT NULL REFERENCES users(id),
        name VARCHAR(255) NOT NULL,
        tag VARCHAR(128) NOT NULL DEFAULT 'latest',
        arch VARCHAR(50) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);
    await db.query(`CREATE INDEX idx_image_user ON image(user_id)`);

    await db.query(`
      CREATE TABLE build_schedule (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        image_id UUID NOT NULL REFERENCES image(id) ON DELETE CASCADE,
        cron_expression VARCHAR(100) NOT NULL,
        status VARCHAR(50) NOT NULL,
        next_run_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);
    await db.query(`CREATE INDEX idx_build_schedule_image ON build_schedule(image_id)`);

    // seq orders events: a job's writes serialise on its row lock, so per job seq order is
    // commit order. locked_until is the relay's lease on a claimed row.
    await db.query(`
      CREATE TABLE outbox (
        seq BIGSERIAL PRIMARY KEY,
        event_id UUID NOT NULL UNIQUE,
        aggregate_type VARCHAR(50) NOT NULL,
        aggregate_id UUID NOT NULL,
        event_type VARCHAR(100) NOT NULL,
        aggregate_version BIGINT NOT NULL,
        schema_version INT NOT NULL,
        payload JSONB NOT NULL,
        correlation_id VARCHAR(200),
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        locked_until TIMESTAMPTZ,
        published_at TIMESTAMPTZ,
        attempts INT NOT NULL DEFAULT 0,
        last_error TEXT
      )`);
    await db.query(`CREATE INDEX idx_outbox_unpublished ON outbox(seq) WHERE published_at IS NULL`);
    await db.query(`
      CREATE INDEX idx_outbox_aggregate_unpublished ON outbox(aggregate_id, seq)
        WHERE published_at IS NULL`);
    // One notification per inserting statement, delivered at commit: wakes the relay at once.
    await db.query(`
      CREATE FUNCTION outbox_notify() RETURNS TRIGGER AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql`);
    await db.query(`
      CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox`);
    await db.query(`DROP FUNCTION outbox_notify`);
    await db.query(`DROP TABLE build_schedule`);
    await db.query(`DROP TABLE image`);
    await db.query(`DROP TABLE job`);
    await db.query(`DROP FUNCTION update_updated_at`);
    await db.query(`DROP TABLE workspace`);
    await db.query(`DROP TABLE users`);
  }
}
