import { DataSource } from 'typeorm';
import { IndexRejection } from './job-index-rejections';

/**
 * What the indexer asks of PostgreSQL: which jobs still exist, and the record that
 * Elasticsearch holds at least `version` of each job (seed 001's es_synced_at /
 * es_sync_version), or refused it (job_index_rejections), one statement per batch.
 */
export class JobSyncMarker {
  constructor(private readonly db: DataSource) {}

  /**
   * The guard keeps es_sync_version monotonic when events arrive out of order, and es_synced_at
   * moves only when the document has caught up with the row, so `es_synced_at < updated_at`
   * (the partial index of seed 001) means exactly "behind". Rows are locked in id order, so
   * concurrent marks (several indexers, a reconciler) cannot deadlock each other.
   */
  async markSynced(jobs: { id: string; version: number }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.db.query(
      `UPDATE job SET es_sync_version = synced.version,
              es_synced_at = CASE WHEN synced.version >= job.version THEN now() ELSE job.es_synced_at END
         FROM (SELECT j.id, s.version
                 FROM job j JOIN unnest($1::uuid[], $2::bigint[]) AS s(id, version) ON j.id = s.id
                WHERE j.es_sync_version IS NULL OR j.es_sync_version < s.version
                ORDER BY j.id
                  FOR UPDATE OF j) AS synced
        WHERE job.id = synced.id
          AND (job.es_sync_version IS NULL OR job.es_sync_version < synced.version)`,
      [jobs.map((job) => job.id), jobs.map((job) => job.version)],
    );
  }

  /** Keeps the newest refused version of each job; rejections of deleted jobs are dropped. */
  async markRejected(rejections: IndexRejection[]): Promise<void> {
    if (rejections.length === 0) return;
    await this.db.query(
      `INSERT INTO job_index_rejections (job_id, version, reason)
       SELECT r.id, r.version, r.reason
         FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS r(id, version, reason)
        WHERE EXISTS (SELECT 1 FROM job WHERE job.id = r.id)
       ON CONFLICT (job_id) DO UPDATE SET version = EXCLUDED.version, reason = EXCLUDED.reason, rejected_at = now()
        WHERE job_index_rejections.version <= EXCLUDED.version`,
      [rejections.map((r) => r.id), rejections.map((r) => r.version), rejections.map((r) => r.reason)],
    );
  }

  /** Events of a deleted job are dropped: its row, gone for good, outranks any late event. */
  async existing(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM job WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }
}
