import { Client } from '@elastic/elasticsearch';
import { JobDocument } from './job-document';

/** What became of one document in a bulk request. */
export type IndexOutcome =
  | { kind: 'indexed' }
  /** Elasticsearch already holds this version or a newer one: the event is stale. */
  | { kind: 'stale' }
  /** Worth trying again later: overload, unavailability, timeouts. */
  | { kind: 'retry'; reason: string }
  /** Trying again cannot help (a mapping error, say). */
  | { kind: 'rejected'; reason: string };

/**
 * Writes documents with `version_type=external` and the job's version, so Elasticsearch itself
 * refuses anything older than what it holds: redelivered or reordered events are harmless.
 */
export class JobIndexWriter {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async write(documents: JobDocument[]): Promise<IndexOutcome[]> {
    if (documents.length === 0) return [];
    let response;
    try {
      response = await this.client.bulk({
        operations: documents.flatMap((doc) => [
          { index: { _index: this.alias, _id: doc.jobId, version: doc.version, version_type: 'external' } },
          doc,
        ]),
      });
    } catch (error) {
      const reason = `bulk request failed: ${String(error)}`;
      return documents.map(() => ({ kind: 'retry', reason }));
    }
    return response.items.map((item) => classify(item.index?.status ?? 500, item.index?.error));
  }
}

function classify(status: number, error?: { type?: string; reason?: string | null }): IndexOutcome {
  if (status >= 200 && status < 300) return { kind: 'indexed' };
  if (status === 409) return { kind: 'stale' };
  const reason = `${status} ${error?.type ?? ''}: ${error?.reason ?? ''}`;
  return status === 429 || status >= 500 ? { kind: 'retry', reason } : { kind: 'rejected', reason };
}
