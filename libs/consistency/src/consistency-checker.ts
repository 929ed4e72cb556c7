import { Client } from '@elastic/elasticsearch';
import { JobIndexRejections } from '@jobstream/persistence';
import { DataSource } from 'typeorm';
import { ConsistencyRepairer, RepairResult } from './consistency-repairer';
import { ConsistencyReport, SAMPLE_SIZE } from './consistency-report';
import { DocumentRangeReader } from './document-range-reader';
import { IdRange } from './id-range';
import { IdRangePlanner } from './id-range-planner';
import { inParallel } from '@jobstream/util';
import { JobRangeReader } from './job-range-reader';
import { diffRange, DRIFT_KINDS, DriftKind, RangeDiff } from './range-diff';
import { sameChecksum } from './range-checksum';

export interface CheckOptions {
  /** Fix what differs: index missing and stale jobs, delete orphans. */
  repair?: boolean;
  /** Compare every range row by row, fields included, even where the checksums agree. */
  deep?: boolean;
  /** Jobs per range; default 10,000. */
  rangeSize?: number;
  /** Ranges checked at once; default 4, enough to keep both servers busy on two cores. */
  concurrency?: number;
  /** Told the share of ranges checked (and repaired), 0–100, as each one finishes. */
  onProgress?: (percent: number) => Promise<void> | void;
}

interface RangeResult {
  jobs: number;
  documents: number;
  differs: boolean;
  /** Counts of each kind of drift; the ids themselves are cut to samples to bound memory. */
  counts: Record<DriftKind, number>;
  samples: Record<DriftKind, string[]>;
  unindexable: { id: string; reason: string }[];
  repaired?: RepairResult;
}

/**
 * Compares every job in PostgreSQL with its search document. It walks the ids in ranges and
 * compares each range's count and version sum on both sides first; only a range that differs is
 * read row by row, so a check of a consistent million jobs reads two small numbers per range.
 * Drift found while jobs are being written may be in flight (an event not indexed yet); repair
 * is safe then too, since it writes PostgreSQL's current state with external versions.
 */
export class ConsistencyChecker {
  private readonly planner: IdRangePlanner;
  private readonly jobs: JobRangeReader;
  private readonly documents: DocumentRangeReader;
  private readonly repairer: ConsistencyRepairer;
  private readonly rejections: JobIndexRejections;

  constructor(
    db: DataSource,
    private readonly client: Client,
    private readonly alias: string,
  ) {
    this.planner = new IdRangePlanner(db);
    this.jobs = new JobRangeReader(db);
    this.documents = new DocumentRangeReader(client, alias);
    this.repairer = new ConsistencyRepairer(db, client, alias);
    this.rejections = new JobIndexRejections(db);
  }

  async check(options: CheckOptions = {}): Promise<ConsistencyReport> {
    const { repair = false, deep = false, rangeSize = 10_000, concurrency = 4, onProgress = () => undefined } = options;
    const started = Date.now();
    // Documents the indexer wrote within the last refresh interval count as present.
    await this.client.indices.refresh({ index: this.alias });
    const ranges = await this.planner.plan(rangeSize);
    let done = 0;
    const results = await inParallel(ranges, concurrency, async (range) => {
      const result = await this.checkRange(range, deep, repair);
      await onProgress(Math.floor((100 * ++done) / ranges.length));
      return result;
    });
    // Later checks see the repaired documents at once.
    if (repair) await this.client.indices.refresh({ index: this.alias });
    return { ...summarize(results, repair), durationMs: Date.now() - started };
  }

  private async checkRange(range: IdRange, deep: boolean, repair: boolean): Promise<RangeResult> {
    const [jobSum, documentSum] = await Promise.all([this.jobs.checksum(range), this.documents.checksum(range)]);
    const differs = !sameChecksum(jobSum, documentSum);
    let diff: RangeDiff = { missing: [], stale: [], orphans: [] };
    if (differs || deep) {
      const [jobs, documents] = await Promise.all([this.jobs.fingerprints(range, deep), this.documents.fingerprints(range, deep)]);
      diff = diffRange(jobs, documents);
    }
    // A repair retries refused jobs too (the mapping may have been fixed) and records new refusals.
    const repaired = repair ? await this.repairer.repair(diff) : undefined;
    const refused = await this.rejections.refused([...diff.missing, ...diff.stale]);
    const [missing, stale] = [diff.missing, diff.stale].map((jobs) => jobs.filter((job) => !refused.has(job.id)));
    return {
      jobs: jobSum.count,
      documents: documentSum.count,
      differs,
      counts: { missing: missing.length, stale: stale.length, orphans: diff.orphans.length },
      samples: { missing: sampleIds(missing), stale: sampleIds(stale), orphans: sampleIds(diff.orphans) },
      unindexable: [...refused].map(([id, reason]) => ({ id, reason })),
      ...(repaired && { repaired }),
    };
  }
}

const sampleIds = (entries: { id: string }[]) => entries.slice(0, SAMPLE_SIZE).map((entry) => entry.id);

/** Adds up the ranges in id order, so the samples are the first ids overall. */
function summarize(results: RangeResult[], repair: boolean): Omit<ConsistencyReport, 'durationMs'> {
  const report: Omit<ConsistencyReport, 'durationMs'> = {
    jobs: 0,
    documents: 0,
    ranges: results.length,
    rangesDiffering: 0,
    missing: 0,
    stale: 0,
    orphans: 0,
    unindexable: 0,
    unindexableSamples: [],
    ...(repair && { repaired: { indexed: 0, deleted: 0, skipped: 0, refused: 0 } }),
    samples: { missing: [], stale: [], orphans: [] },
  };
  for (const result of results) {
    report.jobs += result.jobs;
    report.documents += result.documents;
    if (result.differs) report.rangesDiffering++;
    for (const kind of DRIFT_KINDS) {
      report[kind] += result.counts[kind];
      report.samples[kind] = [...report.samples[kind], ...result.samples[kind]].slice(0, SAMPLE_SIZE);
    }
    report.unindexable += result.unindexable.length;
    report.unindexableSamples = [...report.unindexableSamples, ...result.unindexable].slice(0, SAMPLE_SIZE);
    if (report.repaired && result.repaired) {
      for (const key of ['indexed', 'deleted', 'skipped', 'refused'] as const) report.repaired[key] += result.repaired[key];
    }
  }
  return report;
}
