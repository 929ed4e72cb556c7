import { Periodic } from '@jobstream/util';
import { Logger } from '@nestjs/common';
import { OutboxStore } from './outbox.store';

/**
 * Deletes published outbox rows older than `retentionMs` every `intervalMs` (0: never), so the
 * table holds the backlog and a short history for debugging, not every event ever sent. A failed
 * round is logged and the next one tries again.
 */
export class OutboxPurge {
  private readonly logger = new Logger('OutboxPurge');
  private readonly periodic: Periodic;

  constructor(store: OutboxStore, retentionMs: number, intervalMs: number) {
    this.periodic = new Periodic(async () => {
      try {
        const purged = await store.purgePublished(retentionMs);
        if (purged > 0) this.logger.log(`purged ${purged} published outbox rows`);
      } catch (error) {
        this.logger.error(`outbox purge failed: ${String(error)}`);
      }
    }, intervalMs);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
