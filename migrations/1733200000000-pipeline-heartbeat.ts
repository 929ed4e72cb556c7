import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heartbeat's sequence: one row, bumped in the transaction that writes each heartbeat's
 * outbox row, so sequence numbers grow across any number of job-writers.
 */
export class PipelineHeartbeat1733200000000 implements MigrationInterface {
  name = 'PipelineHeartbeat1733200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE pipeline_heartbeat (
        id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
        seq BIGINT NOT NULL DEFAULT 0,
        sent_at TIMESTAMPTZ
      )`);
    await db.query(`INSERT INTO pipeline_heartbeat DEFAULT VALUES`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE pipeline_heartbeat`);
  }
}
