import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reconciler asks whether a job's latest event is still on its way: by aggregate, published or not. */
export class OutboxAggregateIndex1732700000000 implements MigrationInterface {
  name = 'OutboxAggregateIndex1732700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX idx_outbox_aggregate ON outbox(aggregate_id, seq DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_outbox_aggregate`);
  }
}
