import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ids of deleted jobs and the version their deletion took. Elasticsearch keeps a delete's
 * tombstone (at that version) for a while, and would refuse a new job under the same id at
 * version 1: the writer refuses such a create instead, so an accepted job is always searchable.
 * Existing deletions are recovered from the audit trail.
 */
export class JobDeletions1733500000000 implements MigrationInterface {
  name = 'JobDeletions1733500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE job_deletions (
        id UUID PRIMARY KEY,
        version BIGINT NOT NULL,
        deleted_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO job_deletions (id, version, deleted_at)
      SELECT DISTINCT ON (entity_id) entity_id, (before->>'version')::bigint + 1, created_at
        FROM audit_logs
       WHERE action = 'job.delete' AND entity_id NOT IN (SELECT id FROM job)
       ORDER BY entity_id, created_at DESC
      ON CONFLICT DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE job_deletions`);
  }
}
