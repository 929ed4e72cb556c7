import { Counter, Gauge, Registry } from 'prom-client';
import { DriftReport } from './job-reconciler';

/**
 * Drift as the indexer's safety nets last saw it: the reconciler's sync detection (every 30 s)
 * and the consistency check with repair (hourly). Anything but 0 means events went missing or
 * late and the nets had to act.
 */
export class DriftMetrics {
  private readonly reconciled: Gauge<'kind'>;
  private readonly checked: Gauge<'kind'>;
  private readonly runs: Counter<'task' | 'result'>;

  constructor(registry: Registry) {
    this.reconciled = new Gauge({
      name: 'jobstream_reconciler_drift_jobs',
      help: "Jobs the last reconcile round found missing or behind in Elasticsearch, those it re-sent ('requeued'), and those whose current version Elasticsearch refused ('unindexable', not re-sent)",
      labelNames: ['kind'],
      registers: [registry],
    });
    this.checked = new Gauge({
      name: 'jobstream_consistency_drift_documents',
      help: 'Missing, stale and orphan documents the last consistency check found (and repaired)',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.runs = new Counter({
      name: 'jobstream_safety_net_runs_total',
      help: 'Reconcile rounds and consistency checks, by result',
      labelNames: ['task', 'result'],
      registers: [registry],
    });
  }

  reconcileRan(report: DriftReport): void {
    this.set(this.reconciled, { ...report });
    this.runs.inc({ task: 'reconcile', result: 'ok' });
  }

  checkRan(drift: { missing: number; stale: number; orphans: number }): void {
    this.set(this.checked, drift);
    this.runs.inc({ task: 'consistency-check', result: 'ok' });
  }

  failed(task: 'reconcile' | 'consistency-check'): void {
    this.runs.inc({ task, result: 'failed' });
  }

  private set(gauge: Gauge<'kind'>, values: Record<string, number>): void {
    for (const [kind, value] of Object.entries(values)) gauge.set({ kind }, value);
  }
}
