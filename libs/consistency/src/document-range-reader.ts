import { Client } from '@elastic/elasticsearch';
import { AggregationsSumAggregate, SortResults } from '@elastic/elasticsearch/lib/api/types';
import { JobDocument } from '@jobstream/search';
import { IdRange, idRangeQuery } from './id-range';
import { DEEP_FIELDS, JobFingerprint } from './job-fingerprint';
import { RangeChecksum } from './range-checksum';

/** Documents per search_after page; well below the default max_result_window. */
const PAGE_SIZE = 5_000;

/** The Elasticsearch side of a range: its checksum, then (only where needed) its documents. */
export class DocumentRangeReader {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async checksum(range: IdRange): Promise<RangeChecksum> {
    const response = await this.client.search({
      index: this.alias,
      size: 0,
      track_total_hits: true,
      query: idRangeQuery(range),
      aggs: { versions: { sum: { field: 'version' } } },
    });
    const total = response.hits.total;
    const versions = response.aggregations?.versions as AggregationsSumAggregate | undefined;
    return { count: typeof total === 'number' ? total : (total?.value ?? 0), versionSum: versions?.value ?? 0 };
  }

  /** In jobId order, reading only the compared fields of `_source`. */
  async fingerprints(range: IdRange, deep: boolean): Promise<JobFingerprint[]> {
    const fingerprints: JobFingerprint[] = [];
    let after: SortResults | undefined;
    for (;;) {
      const response = await this.client.search<Partial<JobDocument>>({
        index: this.alias,
        size: PAGE_SIZE,
        query: idRangeQuery(range),
        sort: [{ jobId: 'asc' }],
        _source: deep ? ['version', ...DEEP_FIELDS] : ['version'],
        ...(after && { search_after: after }),
      });
      const hits = response.hits.hits;
      for (const hit of hits) fingerprints.push(toFingerprint(hit._id!, hit._source ?? {}, deep));
      if (hits.length < PAGE_SIZE) return fingerprints;
      after = hits.at(-1)!.sort;
    }
  }
}

function toFingerprint(id: string, source: Partial<JobDocument>, deep: boolean): JobFingerprint {
  const fingerprint: JobFingerprint = { id, version: source.version ?? 0 };
  if (!deep) return fingerprint;
  // A nullable field the document lacks compares as null, as PostgreSQL's NULL does.
  return {
    ...fingerprint,
    status: source.status,
    userName: source.userName,
    userEmail: source.userEmail ?? null,
    workspaceHostname: source.workspaceHostname ?? null,
  };
}
