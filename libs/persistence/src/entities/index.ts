import { BackgroundTaskEntity } from './background-task.entity';
import { BuildScheduleEntity } from './build-schedule.entity';
import { ImageEntity } from './image.entity';
import { JobEntity } from './job.entity';
import { UserEntity } from './user.entity';
import { WorkspaceEntity } from './workspace.entity';

export { TASK_STATUSES, TASK_TYPES } from './background-task.entity';
export type { TaskStatus, TaskType } from './background-task.entity';
export { BackgroundTaskEntity, BuildScheduleEntity, ImageEntity, JobEntity, UserEntity, WorkspaceEntity };
export const ENTITIES = [UserEntity, WorkspaceEntity, JobEntity, ImageEntity, BuildScheduleEntity, BackgroundTaskEntity];
