import { ErrorBodyDto } from '@jobstream/api';
import { JobSnapshotResponse } from './job-snapshot.response';

/** One item of a bulk answer: `job` when it succeeded, `error` when it was refused. */
export class JobBulkItemResponse {
  /**
   * The item's own HTTP status: 201 created; 200 the job already existed (a repeated id) or its
   * status changed; 400, 404 or 409 refused, as the single route would answer it.
   */
  status: number;
  job?: JobSnapshotResponse;
  /**
   * The error shape of every HTTP error. A field the validation refused is named from the body's
   * root (`items[3].metadata`); a refusal by the write itself names the item's own field, as the
   * single route does (`userId`: no such user).
   */
  error?: ErrorBodyDto;
}

/** POST /jobs/bulk and PATCH /jobs/bulk/status: one answer per item, in request order. */
export class JobBulkResponse {
  items: JobBulkItemResponse[];
}
