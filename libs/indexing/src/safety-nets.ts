import { SYSTEM_ACTOR } from '@jobstream/audit';
import { ConsistencyChecker, hasDrift } from '@jobstream/consistency';
import { DriftMetrics, JobReconciler } from '@jobstream/reconciliation';
import { TaskExecutor } from '@jobstream/tasks';
import { Periodic } from '@jobstream/util';
import { Logger } from '@nestjs/common';

export interface SafetyNetIntervals {
  /** Seed 001's sync detection (0: never). */
  reconcileMs: number;
  /** The consistency check with repair, which also removes orphans (0: never). */
  cleanupMs: number;
}

/**
 * What catches anything the event pipeline missed: the reconciler re-sends jobs whose document
 * is missing or behind, and seed 000's cleanup job repairs whatever else drifted. Each round
 * logs and records what it found; a failed round is logged and tried again next time. The
 * hourly cleanup is recorded as a REPAIR background task too (the 30-second reconcile rounds are
 * not: their metrics tell their story without a row every 30 s).
 */
export class SafetyNets {
  private readonly logger = new Logger(SafetyNets.name);
  private readonly schedules: Periodic[];

  constructor(
    private readonly reconciler: JobReconciler,
    private readonly checker: ConsistencyChecker,
    private readonly tasks: TaskExecutor,
    private readonly metrics: DriftMetrics,
    intervals: SafetyNetIntervals,
  ) {
    this.schedules = [new Periodic(() => this.reconcile(), intervals.reconcileMs), new Periodic(() => this.cleanUp(), intervals.cleanupMs)];
  }

  start(): void {
    this.schedules.forEach((schedule) => schedule.start());
  }

  /** Waits for the rounds in progress. */
  async stop(): Promise<void> {
    await Promise.all(this.schedules.map((schedule) => schedule.stop()));
  }

  private async reconcile(): Promise<void> {
    try {
      const drift = await this.reconciler.reconcile();
      this.metrics.reconcileRan(drift);
      if (drift.requeued > 0) this.logger.warn(`reconciler re-sent ${drift.requeued} jobs (${drift.missing} missing, ${drift.stale} behind)`);
    } catch (error) {
      this.metrics.failed('reconcile');
      this.logger.error(`reconcile round failed: ${String(error)}`);
    }
  }

  private async cleanUp(): Promise<void> {
    try {
      const report = await this.tasks.run('REPAIR', {}, SYSTEM_ACTOR, (progress) => this.checker.check({ repair: true, onProgress: progress }));
      this.metrics.checkRan(report);
      if (hasDrift(report)) {
        this.logger.warn(`cleanup repaired ${report.missing} missing, ${report.stale} stale, ${report.orphans} orphan documents`);
      }
    } catch (error) {
      this.metrics.failed('consistency-check');
      this.logger.error(`cleanup round failed: ${String(error)}`);
    }
  }
}
