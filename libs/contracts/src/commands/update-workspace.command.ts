import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { WorkspaceChangeableFields } from './create-workspace.command';

export class UpdateWorkspaceCommand extends WorkspaceChangeableFields {
  @IsUUID()
  id: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
