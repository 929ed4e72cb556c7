import { MigrationInterface, QueryRunner } from 'typeorm';

/** The relay's retention purge finds published rows past their retention by this index. */
export class OutboxPublishedIndex1732800000000 implements MigrationInterface {
  name = 'OutboxPublishedIndex1732800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX idx_outbox_published ON outbox(published_at) WHERE published_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_outbox_published`);
  }
}
