import { IsOptional } from 'class-validator';
import { VersionedWriteCommand } from './versioned-write.command';
import { IsCorrelationId } from './input-rules';

/** A soft delete of a user or workspace: which one, optionally at which version. */
class DeleteOwnerCommand extends VersionedWriteCommand {
  /** Carried into the `user.changed` event a user's deletion records, and the job re-versions it causes. */
  @IsOptional()
  @IsCorrelationId()
  correlationId?: string;
}

/** The user stays, marked deleted: their jobs keep their history and show them as deleted. */
export class DeleteUserCommand extends DeleteOwnerCommand {}

export class DeleteWorkspaceCommand extends DeleteOwnerCommand {}
