import { BulkCommand, TransitionJobCommand } from '@jobstream/contracts';
import { OmitType } from '@nestjs/swagger';
import { CreateJobBody } from './create-job.body';

/**
 * The JSON body of a bulk route may be up to 16 MiB instead of the global HTTP_BODY_LIMIT_BYTES:
 * 1,000 jobs with metadata at its limits are about 17 MB, and a batch that large is better split.
 */
export const BULK_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** POST /jobs/bulk. */
export class CreateJobsBody extends BulkCommand<CreateJobBody> {
  /**
   * 1 to 1,000 jobs, each as POST /jobs takes it (give each an `id` to retry safely). Each is
   * validated on its own: a bad one is answered as that item's 400, the others are created.
   */
  declare items: CreateJobBody[];
}

/** One status change of PATCH /jobs/bulk/status: PATCH /jobs/:id/status's body with the job's id. */
export class TransitionJobItemBody extends OmitType(TransitionJobCommand, ['correlationId'] as const) {}

/** PATCH /jobs/bulk/status. */
export class TransitionJobsBody extends BulkCommand<TransitionJobItemBody> {
  /**
   * 1 to 1,000 status changes, each validated on its own; several naming one job apply in
   * request order.
   */
  declare items: TransitionJobItemBody[];
}
