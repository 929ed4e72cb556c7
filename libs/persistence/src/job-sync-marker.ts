import { DataSource } from 'typeorm';

/**
 * Records that Elasticsearch holds at least `version` of each job (seed 001's es_synced_at /
 * es_sync_version), in one statement per batch. The guard keeps the mark monotonic when
 * events are applied out of order.
 */
export class JobSyncMarker {
  constructor(private readonly db: DataSource) {}

  async markSynced(jobs: { id: string; version: number }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.db.query(
      `UPDATE job SET es_synced_at = now(), es_sync_version = synced.version
         FROM unnest($1::uuid[], $2::bigint[]) AS synced(id, version)
        WHERE job.id = synced.id
          AND (job.es_sync_version IS NULL OR job.es_sync_version < synced.version)`,
      [jobs.map((job) => job.id), jobs.map((job) => job.version)],
    );
  }
}
