import { BuildScheduleEntity } from './build-schedule.entity';
import { ImageEntity } from './image.entity';
import { JobEntity } from './job.entity';
import { UserEntity } from './user.entity';
import { WorkspaceEntity } from './workspace.entity';

export { BuildScheduleEntity, ImageEntity, JobEntity, UserEntity, WorkspaceEntity };
export const ENTITIES = [UserEntity, WorkspaceEntity, JobEntity, ImageEntity, BuildScheduleEntity];
