import { Periodic } from '@jobstream/util';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Keeps audit_logs' monthly partitions made ahead of time: at start-up and then on a timer, it
 * asks the database (ensure_audit_partitions) for this month's and the next `monthsAhead`
 * months' partitions. With two months ahead and a check every few hours, next month's partition
 * exists weeks before the month starts, and a failed round has many chances to be retried.
 */
export class AuditPartitionKeeper {
  private readonly logger = new Logger(AuditPartitionKeeper.name);
  private readonly schedule: Periodic;

  constructor(
    private readonly db: DataSource,
    private readonly monthsAhead: number,
    intervalMs: number,
  ) {
    this.schedule = new Periodic(() => this.ensure(), intervalMs);
  }

  async start(): Promise<void> {
    await this.ensure();
    this.schedule.start();
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** Failures are logged: the next round tries again, long before a missing partition matters. */
  private async ensure(): Promise<void> {
    try {
      const [{ created }] = await this.db.query(`SELECT ensure_audit_partitions($1) AS created`, [this.monthsAhead]);
      if (created > 0) this.logger.log(`created ${created} audit_logs partitions`);
    } catch (error) {
      this.logger.error(`could not create audit_logs partitions: ${String(error)}`);
    }
  }
}
