import { PipelineMonitor, PipelineStatus } from '@jobstream/heartbeat';
import { DataSource } from 'typeorm';
import { DeadLetterQueues } from './dead-letter-queues';

/** What the operations page shows at a glance, sampled at `sampledAt`. */
export interface OperationsOverview {
  pipeline: PipelineStatus;
  /** Events not yet published to RabbitMQ, and how long the oldest has waited. */
  outbox: { backlog: number; oldestAgeMs: number | null };
  /** Jobs changed since they were last indexed (seed 001's predicate, served by idx_job_es_sync), and how long the oldest has waited. */
  sync: { behind: number; oldestAgeMs: number | null };
  /** Parked messages per queue; `messages` null when the broker could not be asked. */
  deadLetters: { queue: string; messages: number | null }[];
  /** The newest consistency report (a REPAIR or RECONCILE task's result). */
  checker: { at: string; task: string; missing: number; stale: number; orphans: number; unindexable: number } | null;
  sampledAt: string;
}

/**
 * The numbers of the operations page, each read the cheapest way: the backlog and the sync lag
 * by the partial indexes that the relay and the reconciler scan (idx_outbox_unpublished,
 * idx_job_es_sync), dead letters by a passive declare of each parked queue over one connection.
 */
export class OperationsOverviewReader {
  constructor(
    private readonly db: DataSource,
    private readonly monitor: PipelineMonitor,
    private readonly deadLetters: DeadLetterQueues,
  ) {}

  async read(): Promise<OperationsOverview> {
    const [pipeline, [outbox], [sync], [checker], deadLetters] = await Promise.all([
      this.monitor.status(),
      this.db.query(
        `SELECT count(*)::int AS backlog, (extract(epoch FROM NOW() - min(created_at)) * 1000)::bigint AS "oldestAgeMs" FROM outbox WHERE published_at IS NULL`,
      ),
      this.db.query(
        `SELECT count(*)::int AS behind, (extract(epoch FROM NOW() - min(updated_at)) * 1000)::bigint AS "oldestAgeMs"
           FROM job WHERE es_synced_at IS NULL OR es_synced_at < updated_at`,
      ),
      this.db.query(
        `SELECT type AS task, completed_at AS at, result FROM background_tasks
          WHERE status = 'COMPLETED' AND type IN ('REPAIR', 'RECONCILE') AND result ? 'missing'
          ORDER BY completed_at DESC LIMIT 1`,
      ),
      this.deadLetters.counts(),
    ]);
    return {
      pipeline,
      outbox: { backlog: outbox.backlog, oldestAgeMs: outbox.oldestAgeMs === null ? null : Number(outbox.oldestAgeMs) },
      sync: { behind: sync.behind, oldestAgeMs: sync.oldestAgeMs === null ? null : Number(sync.oldestAgeMs) },
      deadLetters,
      checker: checker
        ? {
            at: checker.at.toISOString(),
            task: checker.task,
            missing: checker.result.missing ?? 0,
            stale: checker.result.stale ?? 0,
            orphans: checker.result.orphans ?? 0,
            unindexable: checker.result.unindexable ?? 0,
          }
        : null,
      sampledAt: new Date().toISOString(),
    };
  }
}
