import { JobSyncMarker, loadJobSnapshots } from '@jobstream/persistence';
import { JobIndexWriter, toJobDocument } from '@jobstream/search';
import { Periodic } from '@jobstream/util';
import { DataSource } from 'typeorm';

/** Seed 001's sync-detection query, as the seed writes it. */
const SYNC_DETECTION = `SELECT id FROM job
  WHERE es_synced_at IS NULL
     OR es_synced_at < updated_at
     OR es_sync_version < version
  ORDER BY updated_at ASC
  LIMIT 1000`;

/**
 * The design Jobstream replaces, as the benchmark's baseline: every second, seed 001's
 * sync-detection query finds the jobs that changed, and they are bulk-indexed (with the same
 * external versions and the same denormalized documents) and marked synced. Each tick drains
 * the query, 1,000 rows at a time, so the baseline is not held back by its LIMIT.
 */
export class PollingSync {
  private readonly periodic = new Periodic(() => this.tick(), 1_000);

  constructor(
    private readonly db: DataSource,
    private readonly writer: JobIndexWriter,
    private readonly marker: JobSyncMarker,
  ) {}

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async tick(): Promise<void> {
    for (;;) {
      const ids: string[] = (await this.db.query(SYNC_DETECTION)).map((row: { id: string }) => row.id);
      if (ids.length === 0) return;
      const jobs = await loadJobSnapshots(this.db.manager, ids);
      const outcomes = await this.writer.write(jobs.map((job) => ({ kind: 'index' as const, doc: toJobDocument(job) })));
      await this.marker.markSynced(jobs.filter((_, i) => outcomes[i].kind !== 'retry').map(({ id, version }) => ({ id, version })));
      if (ids.length < 1000) return;
    }
  }
}
