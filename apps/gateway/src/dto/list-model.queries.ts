import { BUILD_SCHEDULE_STATUSES, BuildScheduleStatus, IMAGE_ARCHES, ImageArch, WORKSPACE_STATUSES } from '@jobstream/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from './page.query';

/** `true` and `false` as query strings; anything else is left for IsBoolean to refuse. */
const booleanText = ({ value }: { value: unknown }) => ({ true: true, false: false })[String(value) as 'true' | 'false'] ?? value;

/** Lists of users and workspaces leave soft-deleted rows out unless asked. */
class SoftDeletedListQuery extends PageQuery {
  /** `true`: deleted rows too (they carry `deletedAt`). */
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  includeDeleted?: boolean;
}

export class ListUsersQuery extends SoftDeletedListQuery {
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class ListWorkspacesQuery extends SoftDeletedListQuery {
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
