import { JOB_RESYNCED, jobEvent } from '@jobstream/contracts';
import { loadJobSnapshots, OutboxWriter, REFUSED_AND_NOT_SYNCED } from '@jobstream/persistence';
import { DataSource } from 'typeorm';

export interface DriftReport {
  /** Jobs never indexed (es_synced_at IS NULL). */
  missing: number;
  /** Jobs changed since their document was last brought up to date. */
  stale: number;
  /** Of those, the ones whose events were re-sent (the rest are still on their way). */
  requeued: number;
  /** Jobs whose current version Elasticsearch refused: not re-sent until the job changes. */
  unindexable: number;
}

export interface ReconcilePolicy {
  /** A job whose latest event left the outbox less than this long ago is in flight, not lost. */
  graceMs: number;
  batchSize: number;
}

export const defaultReconcilePolicy = (overrides: Partial<ReconcilePolicy> = {}): ReconcilePolicy => ({
  graceMs: 30_000,
  batchSize: 1_000,
  ...overrides,
});

/**
 * Seed 001's sync detection, as the safety net under the event pipeline: finds jobs whose
 * document is missing or behind and sends their current snapshot again, through the outbox like
 * any event (external versions make a needless re-send a no-op).
 *
 * `es_synced_at < updated_at` alone is seed 001's full condition here: the indexer advances
 * es_synced_at only once es_sync_version has reached the row's version, so
 * `es_sync_version < version` implies it, and the partial index idx_job_es_sync serves the scan.
 */
export class JobReconciler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly policy: ReconcilePolicy,
  ) {}

  async reconcile(): Promise<DriftReport> {
    const report: DriftReport = { missing: 0, stale: 0, requeued: 0, unindexable: await this.unindexable() };
    // updated_at travels as text: a JS Date would cut its microseconds and stall the keyset.
    let after = { updatedAt: new Date(0).toISOString(), id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const rows: { id: string; updated_at: string; missing: boolean; in_flight: boolean }[] = await this.db.query(
        `SELECT j.id, j.updated_at::text, j.es_synced_at IS NULL AS missing,
                EXISTS (SELECT 1 FROM outbox o
                         WHERE o.aggregate_id = j.id
                           AND (o.published_at IS NULL OR o.published_at > now() - make_interval(secs => $2::double precision / 1000))) AS in_flight
           FROM job j
          WHERE (j.es_synced_at IS NULL OR j.es_synced_at < j.updated_at) AND (j.updated_at, j.id) > ($1::timestamptz, $4)
            AND NOT EXISTS (SELECT 1 FROM job_index_rejections r WHERE r.job_id = j.id AND ${REFUSED_AND_NOT_SYNCED})
          ORDER BY j.updated_at, j.id
          LIMIT $3`,
        [after.updatedAt, this.policy.graceMs, this.policy.batchSize, after.id],
      );
      if (rows.length === 0) return report;
      report.missing += rows.filter((row) => row.missing).length;
      report.stale += rows.filter((row) => !row.missing).length;
      const lost = rows.filter((row) => !row.in_flight).map((row) => row.id);
      if (lost.length > 0) {
        await this.db.transaction(async (manager) => {
          const jobs = await loadJobSnapshots(manager, lost);
          await this.outbox.addMany(jobs.map((job) => jobEvent(JOB_RESYNCED, job)), manager);
        });
      }
      report.requeued += lost.length;
      const last = rows[rows.length - 1];
      after = { updatedAt: last.updated_at, id: last.id };
      if (rows.length < this.policy.batchSize) return report;
    }
  }

  private async unindexable(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM job_index_rejections r JOIN job j ON j.id = r.job_id WHERE ${REFUSED_AND_NOT_SYNCED}`,
    );
    return n;
  }
}
