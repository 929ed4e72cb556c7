import { RepairResult } from './consistency-repairer';
import { DriftKind } from './range-diff';

/** How many ids of each kind of drift a report names. */
export const SAMPLE_SIZE = 10;

/** The outcome of one check: counts over all ranges, and the first ids of each kind of drift. */
export interface ConsistencyReport {
  /** Jobs in PostgreSQL. */
  jobs: number;
  /** Documents in the jobs alias. */
  documents: number;
  ranges: number;
  /** Ranges whose counts or version sums differ: only these were compared row by row (unless deep). */
  rangesDiffering: number;
  /** Jobs without a document, not counting the unindexable ones. */
  missing: number;
  /** Jobs whose document holds another version, not counting the unindexable ones. */
  stale: number;
  orphans: number;
  /** Jobs whose current version Elasticsearch refused (job_index_rejections), apart from missing and stale. */
  unindexable: number;
  /** The first unindexable jobs, with Elasticsearch's reason. */
  unindexableSamples: { id: string; reason: string }[];
  /** Present when the check ran with repair. */
  repaired?: RepairResult;
  /** The first ids of each kind, in id order. */
  samples: Record<DriftKind, string[]>;
  durationMs: number;
}

export function hasDrift(report: ConsistencyReport): boolean {
  return report.missing + report.stale + report.orphans + report.unindexable > 0;
}

/** A summary for people at a terminal. */
export function formatConsistencyReport(report: ConsistencyReport): string {
  const drift = (kind: DriftKind, meaning: string) => {
    const sample = report.samples[kind].length ? `  e.g. ${report.samples[kind].join(', ')}` : '';
    return `${kind.padEnd(10)}${String(report[kind]).padStart(10)}  ${meaning}${sample}`;
  };
  const lines = [
    `jobs      ${String(report.jobs).padStart(10)}  in PostgreSQL`,
    `documents ${String(report.documents).padStart(10)}  in Elasticsearch`,
    `ranges    ${String(report.ranges).padStart(10)}  ${report.rangesDiffering} differing`,
    drift('missing', 'jobs without a document'),
    drift('stale', 'documents at another version'),
    drift('orphans', 'documents without a job'),
    `unindexable${String(report.unindexable).padStart(9)}  jobs whose current version Elasticsearch refused`,
    ...report.unindexableSamples.map(({ id, reason }) => `  ${id}: ${reason}`),
  ];
  const { repaired } = report;
  if (repaired) {
    const { indexed, deleted, skipped, refused } = repaired;
    lines.push(
      `repaired: ${indexed} indexed, ${deleted} deleted, ${skipped} skipped (Elasticsearch held that version or newer), ${refused} refused by Elasticsearch`,
    );
  }
  lines.push(`took ${report.durationMs} ms`);
  if (!hasDrift(report)) lines.push('no drift');
  else lines.push(repaired ? 'DRIFT FOUND and repaired; run the check again to confirm' : 'DRIFT FOUND; run with --repair to fix it');
  return lines.join('\n');
}
