import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { WorkspaceChangeableFields } from './create-workspace.command';

export class UpdateWorkspaceCommand extends WorkspaceChangeableFields {
  @IsUUID()
  id: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  /** Carried into the `workspace.changed` event and the job re-versions it causes. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  correlationId?: string;
}
