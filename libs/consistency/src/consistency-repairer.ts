import { Client } from '@elastic/elasticsearch';
import { JobSyncMarker, loadJobSnapshots } from '@jobstream/persistence';
import { IndexOperation, IndexOutcome, JobIndexWriter, toJobDocument } from '@jobstream/search';
import { DataSource } from 'typeorm';
import { RangeDiff } from './range-diff';

export interface RepairResult {
  /** Documents written from PostgreSQL. */
  indexed: number;
  /** Orphan documents deleted. */
  deleted: number;
  /**
   * Writes Elasticsearch refused because it already held that version or a newer one: the
   * indexer got there first, or (deep) the fields differ at an equal version, which only a
   * version bump of the job can repair.
   */
  skipped: number;
}

/**
 * Fixes one range's drift and nothing else, through the indexer's writer: documents are
 * rebuilt from PostgreSQL as of now with external versions, so a newer document is never
 * overwritten. An orphan is deleted only if PostgreSQL still has no such job (a job committed
 * after the check read its range is indexed instead), and one version above the document the
 * check saw: a document written since survives, and the tombstone refuses older events.
 */
export class ConsistencyRepairer {
  private readonly writer: JobIndexWriter;
  private readonly marker: JobSyncMarker;

  constructor(
    private readonly db: DataSource,
    client: Client,
    alias: string,
  ) {
    this.writer = new JobIndexWriter(client, alias);
    this.marker = new JobSyncMarker(db);
  }

  async repair(diff: RangeDiff): Promise<RepairResult> {
    const ids = [...diff.missing, ...diff.stale, ...diff.orphans].map((entry) => entry.id);
    if (ids.length === 0) return { indexed: 0, deleted: 0, skipped: 0 };
    const jobs = await loadJobSnapshots(this.db.manager, ids);
    const found = new Set(jobs.map((job) => job.id));
    const operations: IndexOperation[] = [
      ...jobs.map((job): IndexOperation => ({ kind: 'index', doc: toJobDocument(job) })),
      ...diff.orphans
        .filter((orphan) => !found.has(orphan.id))
        .map((orphan): IndexOperation => ({ kind: 'delete', id: orphan.id, version: orphan.version + 1 })),
    ];
    const outcomes = await this.writer.write(operations);
    const failed = outcomes.findIndex((outcome) => outcome.kind === 'retry' || outcome.kind === 'rejected');
    if (failed >= 0) throw new Error(`could not repair ${label(operations[failed])}: ${JSON.stringify(outcomes[failed])}`);
    // A refused write still proves Elasticsearch holds at least that version.
    await this.marker.markSynced(jobs.map((job) => ({ id: job.id, version: job.version })));
    const count = (kind: IndexOperation['kind'], outcome: IndexOutcome['kind']) =>
      outcomes.filter((o, i) => operations[i].kind === kind && o.kind === outcome).length;
    return {
      indexed: count('index', 'indexed'),
      deleted: count('delete', 'indexed'),
      skipped: count('index', 'stale') + count('delete', 'stale'),
    };
  }
}

function label(operation: IndexOperation): string {
  return operation.kind === 'index' ? `job ${operation.doc.jobId}` : `orphan document ${operation.id}`;
}
