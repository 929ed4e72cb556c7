import { Client } from '@elastic/elasticsearch';
import { IndexRejection, JobSyncMarker, loadJobSnapshots } from '@jobstream/persistence';
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
  /** Documents Elasticsearch refused (a mapping error): recorded as the job's refused version. */
  refused: number;
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
    if (ids.length === 0) return { indexed: 0, deleted: 0, skipped: 0, refused: 0 };
    const jobs = await loadJobSnapshots(this.db.manager, ids);
    const found = new Set(jobs.map((job) => job.id));
    const operations: IndexOperation[] = [
      ...jobs.map((job): IndexOperation => ({ kind: 'index', doc: toJobDocument(job) })),
      ...diff.orphans
        .filter((orphan) => !found.has(orphan.id))
        .map((orphan): IndexOperation => ({ kind: 'delete', id: orphan.id, version: orphan.version + 1 })),
    ];
    const outcomes = await this.writer.write(operations);
    // A refused document is the job's state, not the repair's failure: it is recorded and counted.
    const failed = outcomes.findIndex((outcome, i) => outcome.kind === 'retry' || (outcome.kind === 'rejected' && operations[i].kind === 'delete'));
    if (failed >= 0) throw new Error(`could not repair ${label(operations[failed])}: ${JSON.stringify(outcomes[failed])}`);
    // The jobs' operations come first, in order; a write found stale still proves Elasticsearch
    // holds at least that version.
    const synced: { id: string; version: number }[] = [];
    const refused: IndexRejection[] = [];
    jobs.forEach(({ id, version }, i) => {
      const outcome = outcomes[i];
      if (outcome.kind === 'rejected') refused.push({ id, version, reason: outcome.reason });
      else synced.push({ id, version });
    });
    await Promise.all([this.marker.markSynced(synced), this.marker.markRejected(refused)]);
    const count = (kind: IndexOperation['kind'], outcome: IndexOutcome['kind']) =>
      outcomes.filter((o, i) => operations[i].kind === kind && o.kind === outcome).length;
    return {
      indexed: count('index', 'indexed'),
      deleted: count('delete', 'indexed'),
      skipped: count('index', 'stale') + count('delete', 'stale'),
      refused: count('index', 'rejected'),
    };
  }
}

function label(operation: IndexOperation): string {
  return operation.kind === 'index' ? `job ${operation.doc.jobId}` : `orphan document ${operation.id}`;
}
