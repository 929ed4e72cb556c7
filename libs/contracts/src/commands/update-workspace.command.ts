import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { WorkspaceChangeableFields } from './create-workspace.command';
import { IsCorrelationId } from './input-rules';

export class UpdateWorkspaceCommand extends WorkspaceChangeableFields {
  @IsUUID()
  id: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  /** Carried into the `workspace.changed` event and the job re-versions it causes. */
  @IsOptional()
  @IsCorrelationId()
  correlationId?: string;
}
