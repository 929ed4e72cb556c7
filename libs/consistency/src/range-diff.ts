import { JobFingerprint, sameFingerprint } from './job-fingerprint';

export const DRIFT_KINDS = ['missing', 'stale', 'orphans'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/**
 * What drifts within one range, each list in id order. Missing and stale entries are the jobs'
 * fingerprints, orphans the documents' (a repair deletes an orphan above its version).
 */
export interface RangeDiff {
  /** Jobs without a document. */
  missing: JobFingerprint[];
  /** Jobs whose document holds another version (or, deep, other field values). */
  stale: JobFingerprint[];
  /** Documents without a job. */
  orphans: JobFingerprint[];
}

/** Compares the jobs of a range with its documents; both lists in id order. */
export function diffRange(jobs: JobFingerprint[], documents: JobFingerprint[]): RangeDiff {
  const documentsById = new Map(documents.map((doc) => [doc.id, doc]));
  const jobIds = new Set(jobs.map((job) => job.id));
  return {
    missing: jobs.filter((job) => !documentsById.has(job.id)),
    stale: jobs.filter((job) => documentsById.has(job.id) && !sameFingerprint(job, documentsById.get(job.id)!)),
    orphans: documents.filter((doc) => !jobIds.has(doc.id)),
  };
}
