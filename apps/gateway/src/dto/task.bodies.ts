import { TASK_STATUSES, TASK_TYPES, TaskStatus, TaskType } from '@jobstream/persistence';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from './page.query';

/** POST /tasks: a run for the indexer's workers, with each kind's default options. */
export class CreateTaskBody {
  /** REINDEX (zero-downtime reindex), RECONCILE (re-send what the index misses) or REPAIR (check and repair). */
  @IsIn(TASK_TYPES)
  type: TaskType;
}

export class ListTasksQuery extends PageQuery {
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @IsOptional()
  @IsIn(TASK_TYPES)
  type?: TaskType;
}
