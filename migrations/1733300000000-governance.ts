import { MigrationInterface, QueryRunner } from 'typeorm';

/** The seeds' email rule (002 and 004), the last line behind the API's own email validation. */
const EMAIL_CHECK = `email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'`;

/**
 * Creates the monthly partitions of audit_logs for the month of `from_time` and the
 * `months_ahead` after it (UTC month bounds), each refusing TRUNCATE (statement triggers are not
 * cloned to partitions, so each gets its own). An advisory lock serialises callers, so two
 * job-writers starting at once cannot race on the same CREATE. The lock timeout keeps a caller
 * from queueing the audit writers behind it for long: it fails and tries again on its next run.
 * Answers how many partitions it created.
 */
const ENSURE_AUDIT_PARTITIONS = `
  CREATE FUNCTION ensure_audit_partitions(months_ahead int, from_time timestamptz DEFAULT now())
  RETURNS int LANGUAGE plpgsql SET lock_timeout = '5s' AS $$
  DECLARE
    first_month timestamp := date_trunc('month', from_time AT TIME ZONE 'UTC');
    month_start timestamp;
    partition_name text;
    created int := 0;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ensure_audit_partitions'));
    FOR i IN 0..months_ahead LOOP
      month_start := first_month + make_interval(months => i);
      partition_name := format('audit_logs_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
      CONTINUE WHEN to_regclass(partition_name) IS NOT NULL;
      EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)',
                     partition_name, month_start AT TIME ZONE 'UTC', (month_start + interval '1 month') AT TIME ZONE 'UTC');
      EXECUTE format('CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only()', partition_name);
      created := created + 1;
    END LOOP;
    RETURN created;
  END $$`;

/**
 * Data governance from seeds 002–004:
 * - audit_logs: who changed what, written in the transaction of the change; range-partitioned by
 *   month with partitions made ahead of time (ensure_audit_partitions), append-only: UPDATE,
 *   DELETE and TRUNCATE raise. No foreign key on user_id: the trail outlives the rows it names,
 *   and seed 002's ON DELETE SET NULL would be an UPDATE of the trail. Retention is by dropping
 *   old partitions.
 * - Soft deletes for users and workspaces (seed 004): deleted_at, email unique among live users
 *   only, the workspace filters' indexes partial on live rows.
 * - The seeds' email CHECK, and a GIN index for the job metadata filter's containment queries.
 * - background_tasks (seed 003's BackgroundTask): operator runs with status, progress and result,
 *   claimed under a lease like the outbox.
 */
export class Governance1733300000000 implements MigrationInterface {
  name = 'Governance1733300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_logs (
        id UUID NOT NULL,
        user_id UUID,
        action VARCHAR(100) NOT NULL,
        entity_type VARCHAR(100) NOT NULL,
        entity_id UUID,
        before JSONB,
        after JSONB,
        ip_address INET,
        user_agent TEXT,
        request_id VARCHAR(128),
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        PRIMARY KEY (id, created_at)
      ) PARTITION BY RANGE (created_at)`);
    await db.query(`CREATE INDEX idx_audit_logs_entity ON audit_logs(entity_type, entity_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX idx_audit_logs_user ON audit_logs(user_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX idx_audit_logs_created ON audit_logs(created_at DESC, id DESC)`);
    await db.query(`
      CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // Row triggers on a partitioned table are cloned to every partition, present and future.
    await db.query(`
      CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
        FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
        FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only()`);
    await db.query(ENSURE_AUDIT_PARTITIONS);
    await db.query(`SELECT ensure_audit_partitions(2)`);

    await db.query(`ALTER TABLE users ADD COLUMN deleted_at TIMESTAMPTZ`);
    await db.query(`ALTER TABLE users DROP CONSTRAINT users_email_key`);
    await db.query(`CREATE UNIQUE INDEX uq_users_email_live ON users(email) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_users_deleted_at ON users(deleted_at) WHERE deleted_at IS NOT NULL`);
    await db.query(`ALTER TABLE users ADD CONSTRAINT chk_users_email CHECK (${EMAIL_CHECK})`);

    await db.query(`ALTER TABLE workspace ADD COLUMN deleted_at TIMESTAMPTZ`);
    await db.query(`DROP INDEX idx_workspace_user, idx_workspace_status, idx_workspace_project`);
    await db.query(`CREATE INDEX idx_workspace_user ON workspace(user_id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_workspace_status ON workspace(status) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX idx_workspace_project ON workspace(project_name) WHERE deleted_at IS NULL`);

    // jsonb_path_ops: smaller and faster than the default opclass, and @> is all the filter needs.
    await db.query(`CREATE INDEX idx_job_metadata ON job USING GIN (metadata jsonb_path_ops)`);

    await db.query(`
      CREATE TABLE background_tasks (
        id UUID PRIMARY KEY,
        type VARCHAR(50) NOT NULL CONSTRAINT chk_background_tasks_type CHECK (type IN ('REINDEX', 'RECONCILE', 'REPAIR')),
        status VARCHAR(20) NOT NULL DEFAULT 'PENDING'
          CONSTRAINT chk_background_tasks_status CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
        progress INT NOT NULL DEFAULT 0 CONSTRAINT chk_background_tasks_progress CHECK (progress BETWEEN 0 AND 100),
        payload JSONB NOT NULL DEFAULT '{}'::jsonb,
        result JSONB,
        error_message TEXT,
        attempts INT NOT NULL DEFAULT 0,
        created_by UUID,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        started_at TIMESTAMPTZ,
        completed_at TIMESTAMPTZ,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        locked_until TIMESTAMPTZ
      )`);
    await db.query(`
      CREATE TRIGGER background_tasks_updated_at BEFORE UPDATE ON background_tasks
        FOR EACH ROW EXECUTE FUNCTION update_updated_at()`);
    // Claims look at pending tasks and running ones whose lease may have run out; finished tasks
    // are most of the table and never claimed.
    await db.query(`
      CREATE INDEX idx_background_tasks_claim ON background_tasks(status, created_at)
        WHERE status IN ('PENDING', 'RUNNING')`);
    await db.query(`CREATE INDEX idx_background_tasks_type ON background_tasks(type, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE background_tasks`);
    await db.query(`DROP INDEX idx_job_metadata`);
    await db.query(`DROP INDEX idx_workspace_user, idx_workspace_status, idx_workspace_project`);
    await db.query(`ALTER TABLE workspace DROP COLUMN deleted_at`);
    await db.query(`CREATE INDEX idx_workspace_user ON workspace(user_id)`);
    await db.query(`CREATE INDEX idx_workspace_status ON workspace(status)`);
    await db.query(`CREATE INDEX idx_workspace_project ON workspace(project_name)`);
    await db.query(`ALTER TABLE users DROP CONSTRAINT chk_users_email`);
    await db.query(`DROP INDEX idx_users_deleted_at, uq_users_email_live`);
    await db.query(`ALTER TABLE users DROP COLUMN deleted_at`);
    // Fails when a deleted user's email was taken again: which of the two to drop is a person's call.
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)`);
    await db.query(`DROP TABLE audit_logs`);
    await db.query(`DROP FUNCTION ensure_audit_partitions, audit_logs_append_only`);
  }
}
