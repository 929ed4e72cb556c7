import { heartbeatEvent, PIPELINE_AGGREGATE_ID } from '@jobstream/contracts';
import { OutboxWriter } from '@jobstream/persistence';
import { Periodic } from '@jobstream/util';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/**
 * Writes a heartbeat into the outbox every `intervalMs`, in a transaction like any change, so it
 * travels the same road as job events: outbox → relay → RabbitMQ → indexer → Elasticsearch.
 */
export class HeartbeatEmitter {
  private readonly logger = new Logger(HeartbeatEmitter.name);
  private readonly schedule: Periodic;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    intervalMs: number,
  ) {
    this.schedule = new Periodic(async () => {
      await this.beat().catch((error) => this.logger.warn(`heartbeat not written: ${String(error)}`));
    }, intervalMs);
  }

  start(): void {
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** Writes the next heartbeat; returns its sequence number. */
  beat(): Promise<number> {
    return this.db.transaction(async (manager) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
      const [[row]]: [[{ seq: string; sent_at: Date }], number] = await manager.query(
        `UPDATE pipeline_heartbeat SET seq = seq + 1, sent_at = now() RETURNING seq, sent_at`,
      );
      const seq = Number(row.seq);
      await this.outbox.add(heartbeatEvent(uuidv7(), seq, row.sent_at.toISOString()), manager);
      // A published heartbeat is worthless after a while; the relay's 7-day retention is for jobs.
      await manager.query(`DELETE FROM outbox WHERE aggregate_id = $1 AND published_at < now() - interval '10 minutes'`, [
        PIPELINE_AGGREGATE_ID,
      ]);
      return seq;
    });
  }
}
