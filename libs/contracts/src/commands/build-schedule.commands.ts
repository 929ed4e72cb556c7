import { cronProblem } from '@jobstream/domain';
import { IsIn, IsOptional, IsUUID, MaxLength, ValidateBy } from 'class-validator';
import { VersionedWriteCommand } from './versioned-write.command';

export const BUILD_SCHEDULE_STATUSES = ['ACTIVE', 'PAUSED'] as const;
export type BuildScheduleStatus = (typeof BUILD_SCHEDULE_STATUSES)[number];

/** A five-field cron expression (see libs/domain/src/cron.ts); the message says what is wrong. */
function IsCronExpression(): PropertyDecorator {
  return ValidateBy({
    name: 'isCronExpression',
    validator: {
      validate: (value) => typeof value === 'string' && cronProblem(value) === null,
      defaultMessage: (args) =>
        `${args?.property} must be a cron expression: ${typeof args?.value === 'string' ? cronProblem(args.value) : 'not a string'}`,
    },
  });
}

export class CreateBuildScheduleCommand {
  /** Chosen by the caller so that a retried command is idempotent; generated when absent. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsUUID()
  imageId: string;

  @MaxLength(100)
  @IsCronExpression()
  cronExpression: string;

  /** ACTIVE when absent. */
  @IsOptional()
  @IsIn(BUILD_SCHEDULE_STATUSES)
  status?: BuildScheduleStatus;
}

export class UpdateBuildScheduleCommand extends VersionedWriteCommand {
  @IsOptional()
  @MaxLength(100)
  @IsCronExpression()
  cronExpression?: string;

  @IsOptional()
  @IsIn(BUILD_SCHEDULE_STATUSES)
  status?: BuildScheduleStatus;
}
