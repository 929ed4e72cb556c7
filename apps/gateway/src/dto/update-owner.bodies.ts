import { UpdateUserCommand, UpdateWorkspaceCommand } from '@jobstream/contracts';
import { OmitType } from '@nestjs/swagger';

/** PATCH /users/:id: the id comes from the path. */
export class UpdateUserBody extends OmitType(UpdateUserCommand, ['id', 'correlationId'] as const) {}

/** PATCH /workspaces/:id: the id comes from the path. */
export class UpdateWorkspaceBody extends OmitType(UpdateWorkspaceCommand, ['id', 'correlationId'] as const) {}
