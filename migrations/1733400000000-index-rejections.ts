import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versions of jobs that Elasticsearch refused (a mapping error, say): counted apart from
 * "missing", and never re-sent by the reconciler until the job changes. A table of its own, not
 * columns of job: rejections are rare, and the job row's hot updates stay as they were.
 */
export class IndexRejections1733400000000 implements MigrationInterface {
  name = 'IndexRejections1733400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE job_index_rejections (
        job_id UUID PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
        version BIGINT NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE job_index_rejections`);
  }
}
