import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export const WORKSPACE_STATUSES = ['PROVISIONING', 'RUNNING', 'STOPPED', 'DELETED'] as const;

/** The workspace fields that may change after creation. */
export class WorkspaceChangeableFields {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  hostname?: string;

  @IsOptional()
  @IsIn(WORKSPACE_STATUSES)
  status?: (typeof WORKSPACE_STATUSES)[number];
}

export class CreateWorkspaceCommand extends WorkspaceChangeableFields {
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsUUID()
  userId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  projectName: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  parentName?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  arch: string;
}
