import { DataSource } from 'typeorm';

/** A version of a job that Elasticsearch refused, and why. */
export interface IndexRejection {
  id: string;
  version: number;
  reason: string;
}

/** Jobs whose current version Elasticsearch refused, and the newest refusal. */
export interface UnindexableSummary {
  jobs: number;
  latest: { jobId: string; version: number; reason: string; rejectedAt: string } | null;
}

/**
 * SQL over `job j` and `job_index_rejections r`: the job's current version was refused and has
 * not been indexed since (a repair after a mapping fix, say, indexes it and ends the state).
 */
export const REFUSED_AND_NOT_SYNCED = `r.version >= j.version AND (j.es_sync_version IS NULL OR j.es_sync_version < j.version)`;

/**
 * Jobs Elasticsearch refused (migration 1733400000000), as the indexer recorded them
 * (JobSyncMarker.markRejected): read by the consistency check and /health/pipeline; the
 * reconciler's scan leaves them out (REFUSED_AND_NOT_SYNCED).
 */
export class JobIndexRejections {
  constructor(private readonly db: DataSource) {}

  async summary(): Promise<UnindexableSummary> {
    const [row]: { jobs: number; job_id: string | null; version: string | null; reason: string | null; rejected_at: Date | null }[] =
      await this.db.query(
        `SELECT count(*) OVER ()::int AS jobs, r.job_id, r.version, r.reason, r.rejected_at
           FROM job_index_rejections r JOIN job j ON j.id = r.job_id
          WHERE ${REFUSED_AND_NOT_SYNCED}
          ORDER BY r.rejected_at DESC
          LIMIT 1`,
      );
    if (!row) return { jobs: 0, latest: null };
    return { jobs: row.jobs, latest: { jobId: row.job_id!, version: Number(row.version), reason: row.reason!, rejectedAt: row.rejected_at!.toISOString() } };
  }

  /** The reasons of the given jobs whose given version (or a newer one) was refused. */
  async refused(jobs: { id: string; version: number }[]): Promise<Map<string, string>> {
    if (jobs.length === 0) return new Map();
    const rows: { job_id: string; reason: string }[] = await this.db.query(
      `SELECT r.job_id, r.reason
         FROM job_index_rejections r JOIN unnest($1::uuid[], $2::bigint[]) AS j(id, version) ON r.job_id = j.id
        WHERE r.version >= j.version`,
      [jobs.map((job) => job.id), jobs.map((job) => job.version)],
    );
    return new Map(rows.map((row) => [row.job_id, row.reason]));
  }
}
