import { Consistency, JobSearchResponse, SearchSource } from '@jobstream/job-queries';
import { FacetBucket, JobFacets } from '@jobstream/search';
import { JobSnapshotResponse } from './job-snapshot.response';

/** The classes below describe GET /jobs's answer for the OpenAPI document; `implements` keeps them in step with the code. */
export class FacetBucketResponse implements FacetBucket {
  value: string;
  count: number;
}

/** Counts among all matching jobs (not just this page), count descending. */
export class JobFacetsResponse implements JobFacets {
  status: FacetBucketResponse[];
  type: FacetBucketResponse[];
  arch: FacetBucketResponse[];
  /** The top projects. */
  projectName: FacetBucketResponse[];
}

export class ConsistencyResponse implements Consistency {
  /** How long the read waited for the index to show the versions in `minVersion`. */
  waitedMs: number;
  /** The index had not caught up within the bound, so PostgreSQL answered. */
  boundExceeded: boolean;
}

export class JobPageResponse implements JobSearchResponse {
  items: JobSnapshotResponse[];
  /** Matching jobs; null when the PostgreSQL fallback could not count in time. */
  total: number | null;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  facets: JobFacetsResponse | null;
  /** The PostgreSQL fallback could not count in time, so `facets` and `total` are null. */
  facetsUnavailable: boolean;
  /** `elasticsearch`, or `postgres` when the search index is unavailable. */
  source: SearchSource;
  /** Present when the request carried `minVersion`. */
  consistency?: ConsistencyResponse;
}
