import { JobSnapshotV1 } from '@jobstream/contracts';

/** GET /jobs, as a class for the OpenAPI document. */
export class JobPageResponse {
  items: JobSnapshotV1[];
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** `elasticsearch`, or `postgres` when the search index is unavailable. */
  source: string;
}
