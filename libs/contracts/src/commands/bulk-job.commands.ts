import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { JobSnapshotV1 } from '../events/job-events.v1';
import { CreateJobCommand } from './create-job.command';
import { TransitionJobCommand } from './transition-job.command';

/**
 * A command of many items, answered item by item like Elasticsearch's `_bulk`. The validation
 * pipe checks only this envelope (array, size, nesting); each item is validated on its own
 * (libs/api validateItems), so one bad item is refused alone.
 */
export abstract class BulkCommand<T> {
  /** 1 to 1,000 items. */
  @IsArray()
  @ArrayMinSize(1)
  // A literal: the OpenAPI plugin copies no constant into the schema.
  @ArrayMaxSize(1_000)
  items: T[];
}

/** Whether a DTO class is a BulkCommand, whose items the validation pipe leaves to validateItems. */
export const isBulkCommand = (metatype: unknown): boolean => typeof metatype === 'function' && metatype.prototype instanceof BulkCommand;

/** `job.create-many`: each item as `job.create` takes it. */
export class CreateJobsCommand extends BulkCommand<CreateJobCommand> {}

/** `job.transition-many`: each item as `job.transition` takes it; items naming one job apply in order. */
export class TransitionJobsCommand extends BulkCommand<TransitionJobCommand> {}

/** `job.create-many`'s answer for one item: the job, and whether this item created it (false: it existed, or an earlier item of the command created it). */
export interface JobCreation {
  job: JobSnapshotV1;
  created: boolean;
}
