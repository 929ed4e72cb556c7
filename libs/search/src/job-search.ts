import { Client, errors } from '@elastic/elasticsearch';
import { AggregationsStringTermsAggregate, AggregationsStringTermsBucket } from '@elastic/elasticsearch/lib/api/types';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { buildEsSearch } from './es-job-query';
import { JobDocument } from './job-document';
import { FacetBucket, JobFacets, JobSearchQuery, JobSearchResult, pageOf } from './job-search-query';

export function fromJobDocument({ jobId, metadataPairs: _pairs, ...rest }: JobDocument): JobSnapshotV1 {
  return { id: jobId, ...rest } as JobSnapshotV1;
}

/** Per-request transport options: searches may be given a shorter timeout than the client's default. */
export interface SearchRequestOptions {
  requestTimeout?: number;
  maxRetries?: number;
}

const buckets = (aggregate: unknown): FacetBucket[] =>
  ((aggregate as AggregationsStringTermsAggregate).buckets as AggregationsStringTermsBucket[]).map((bucket) => ({
    value: String(bucket.key),
    count: bucket.doc_count,
  }));

/** Reads of the jobs alias for the dashboard. */
export class JobSearch {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  /** Realtime: sees the latest indexed version without waiting for a refresh. */
  async get(id: string, options: SearchRequestOptions = {}): Promise<JobSnapshotV1 | null> {
    try {
      const { _source } = await this.client.get<JobDocument>({ index: this.alias, id }, options);
      return _source ? fromJobDocument(_source) : null;
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return null;
      throw error;
    }
  }

  async search(query: JobSearchQuery, { facets = true, ...options }: SearchRequestOptions & { facets?: boolean } = {}): Promise<JobSearchResult> {
    const response = await this.client.search<JobDocument>({ index: this.alias, ...buildEsSearch(query, facets) }, options);
    const aggregations = response.aggregations;
    const jobFacets: JobFacets | null = aggregations
      ? {
          status: buckets(aggregations.status),
          type: buckets(aggregations.type),
          arch: buckets(aggregations.arch),
          projectName: buckets(aggregations.projectName),
        }
      : null;
    return {
      ...pageOf(response.hits.hits.map((hit) => fromJobDocument(hit._source!)), query),
      total: jobFacets ? jobFacets.status.reduce((sum, bucket) => sum + bucket.count, 0) : null,
      facets: jobFacets,
    };
  }

  /** The version of each of these jobs that searches see now (refreshed, not realtime); absent ones are left out. */
  async searchableVersions(ids: string[], options: SearchRequestOptions = {}): Promise<Map<string, number>> {
    const response = await this.client.search<Pick<JobDocument, 'jobId' | 'version'>>(
      { index: this.alias, query: { ids: { values: ids } }, size: ids.length, _source: ['jobId', 'version'] },
      options,
    );
    return new Map(response.hits.hits.map((hit) => [hit._source!.jobId, hit._source!.version]));
  }
}
