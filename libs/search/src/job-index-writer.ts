import { Client } from '@elastic/elasticsearch';
import { BulkOperationContainer } from '@elastic/elasticsearch/lib/api/types';
import { JobDocument } from './job-document';

type BulkLine = BulkOperationContainer | JobDocument;

/** What became of one document in a bulk request. */
export type IndexOutcome =
  | { kind: 'indexed' }
  /** Elasticsearch already holds this version or a newer one: the event is stale. */
  | { kind: 'stale' }
  /** Worth trying again later: overload, unavailability, timeouts. */
  | { kind: 'retry'; reason: string }
  /** Trying again cannot help (a mapping error, say). */
  | { kind: 'rejected'; reason: string };

/** Put this document, or delete this job's document; either at the job's version. */
export type IndexOperation = { kind: 'index'; doc: JobDocument } | { kind: 'delete'; id: string; version: number };

/**
 * Writes with `version_type=external` and the job's version, so Elasticsearch itself refuses
 * anything older than what it holds: redelivered or reordered events are harmless. A delete
 * leaves a versioned tombstone (kept for the index's `gc_deletes`), which refuses older events too.
 */
export class JobIndexWriter {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  /** Makes what was written searchable now, rather than at the index's next refresh. */
  async refresh(): Promise<void> {
    await this.client.indices.refresh({ index: this.alias });
  }

  /** Writes through the alias unless `index` names a physical index (a reindex backfill). */
  async write(operations: IndexOperation[], index = this.alias): Promise<IndexOutcome[]> {
    if (operations.length === 0) return [];
    let response;
    try {
      response = await this.client.bulk({
        operations: operations.flatMap((op): BulkLine[] =>
          op.kind === 'index'
            ? [{ index: { _index: index, _id: op.doc.jobId, version: op.doc.version, version_type: 'external' as const } }, op.doc]
            : [{ delete: { _index: index, _id: op.id, version: op.version, version_type: 'external' as const } }],
        ),
      });
    } catch (error) {
      const reason = `bulk request failed: ${String(error)}`;
      return operations.map(() => ({ kind: 'retry', reason }));
    }
    return response.items.map((item) => {
      const result = item.index ?? item.delete;
      return classify(result?.status ?? 500, result?.error, item.delete !== undefined);
    });
  }
}

function classify(status: number, error: { type?: string; reason?: string | null } | undefined, isDelete: boolean): IndexOutcome {
  // Deleting a document that is not there still records the tombstone: done.
  if ((status >= 200 && status < 300) || (isDelete && status === 404)) return { kind: 'indexed' };
  if (status === 409) return { kind: 'stale' };
  const reason = `${status} ${error?.type ?? ''}: ${error?.reason ?? ''}`;
  return status === 429 || status >= 500 ? { kind: 'retry', reason } : { kind: 'rejected', reason };
}
