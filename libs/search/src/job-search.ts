import { Client, errors } from '@elastic/elasticsearch';
import { AggregationsStringTermsAggregate, AggregationsStringTermsBucket } from '@elastic/elasticsearch/lib/api/types';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { buildEsSearch } from './es-job-query';
import { JobDocument } from './job-document';
import { FacetBucket, JobFacets, JobSearchQuery, JobSearchResult, JobSortField, pageOf } from './job-search-query';

/** The snapshot a document was built from (see toJobDocument). */
export function fromJobDocument({ jobId, metadataPairs: _pairs, ...rest }: JobDocument): JobSnapshotV1 {
  // Documents indexed before soft deletes lack userDeleted.
  return { id: jobId, ...rest, userDeleted: rest.userDeleted ?? false };
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

/**
 * Sorts whose order moves when jobs change (a status change moves updatedAt, a completion
 * completedAt): their pages all read one point in time, so paging neither repeats nor skips a job.
 * createdAt never moves, so its pages read the live index and see status changes at once.
 */
const MOVING_SORTS: readonly JobSortField[] = ['updatedAt', 'completedAt'];
/**
 * Between two pages. Short, because a page polled for live changes (the dashboard asks every
 * second) opens one per request; a reader slower than this pages on from the live index.
 */
const POINT_IN_TIME_KEEP_ALIVE = '30s';

/** The point in time expired, or Elasticsearch restarted since it was opened. */
const isMissingPointInTime = (error: unknown) => error instanceof errors.ResponseError && error.statusCode === 404;

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

  /**
   * One page. `pointInTime` continues the snapshot of an earlier page; the first page of a moving
   * sort opens one, and the last page closes it. An expired point in time pages on from the live
   * index rather than failing.
   */
  async search(
    query: JobSearchQuery,
    { facets = true, pointInTime, ...options }: SearchRequestOptions & { facets?: boolean; pointInTime?: string } = {},
  ): Promise<JobSearchResult> {
    const request = buildEsSearch(query, facets);
    let pit = pointInTime ?? (MOVING_SORTS.includes(query.sort.field) && !query.after ? await this.openPointInTime(options) : undefined);
    let response;
    try {
      response = await this.client.search<JobDocument>(
        pit ? { ...request, pit: { id: pit, keep_alive: POINT_IN_TIME_KEEP_ALIVE } } : { index: this.alias, ...request },
        options,
      );
    } catch (error) {
      if (!pit || !isMissingPointInTime(error)) throw error;
      pit = undefined;
      response = await this.client.search<JobDocument>({ index: this.alias, ...request }, options);
    }
    const aggregations = response.aggregations;
    const jobFacets: JobFacets | null = aggregations
      ? {
          status: buckets(aggregations.status),
          type: buckets(aggregations.type),
          arch: buckets(aggregations.arch),
          projectName: buckets(aggregations.projectName),
        }
      : null;
    const page = pageOf(response.hits.hits.map((hit) => fromJobDocument(hit._source!)), query);
    // The last page needs its snapshot no more: let Elasticsearch free it now rather than at keep-alive.
    if (pit && !page.next) void this.client.closePointInTime({ id: response.pit_id ?? pit }, options).catch(() => undefined);
    return {
      ...page,
      total: jobFacets ? jobFacets.status.reduce((sum, bucket) => sum + bucket.count, 0) : null,
      facets: jobFacets,
      ...(pit && page.next ? { pointInTime: response.pit_id ?? pit } : {}),
    };
  }

  private async openPointInTime(options: SearchRequestOptions): Promise<string> {
    return (await this.client.openPointInTime({ index: this.alias, keep_alive: POINT_IN_TIME_KEEP_ALIVE }, options)).id;
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
