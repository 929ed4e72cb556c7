import { UpdateBuildScheduleCommand, UpdateImageCommand } from '@jobstream/contracts';
import { OmitType } from '@nestjs/swagger';

/** PATCH /images/:id: the id comes from the path. */
export class UpdateImageBody extends OmitType(UpdateImageCommand, ['id'] as const) {}

/** PATCH /build-schedules/:id: the id comes from the path. */
export class UpdateBuildScheduleBody extends OmitType(UpdateBuildScheduleCommand, ['id'] as const) {}
