import { BUILD_SCHEDULE_STATUSES, BuildScheduleStatus, IMAGE_ARCHES, ImageArch, WORKSPACE_STATUSES } from '@jobstream/contracts';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from './page.query';

export class ListUsersQuery extends PageQuery {
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class ListWorkspacesQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsIn(WORKSPACE_STATUSES)
  status?: (typeof WORKSPACE_STATUSES)[number];

  @IsOptional()
  @IsString()
  @MaxLength(255)
  projectName?: string;
}

export class ListImagesQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @IsOptional()
  @IsIn(IMAGE_ARCHES)
  arch?: ImageArch;
}

export class ListBuildSchedulesQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  imageId?: string;

  @IsOptional()
  @IsIn(BUILD_SCHEDULE_STATUSES)
  status?: BuildScheduleStatus;
}
