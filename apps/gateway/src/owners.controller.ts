import { CreateUserCommand, CreateWorkspaceCommand, WRITER_COMMANDS } from '@jobstream/contracts';
import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { UpdateUserBody, UpdateWorkspaceBody } from './dto/update-owner.bodies';
import { WriterClient } from './writer.client';

/** Users and workspaces, the owners jobs are shown with. */
@Controller()
export class OwnersController {
  constructor(private readonly writer: WriterClient) {}

  @Post('users')
  createUser(@Body() body: CreateUserCommand) {
    return this.writer.send(WRITER_COMMANDS.createUser, { id: uuidv7(), ...body });
  }

  /** A new name or email reaches every job document of the user (see JobRedenormalizer). */
  @Patch('users/:id')
  updateUser(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserBody) {
    return this.writer.send(WRITER_COMMANDS.updateUser, { ...body, id });
  }

  @Post('workspaces')
  createWorkspace(@Body() body: CreateWorkspaceCommand) {
    return this.writer.send(WRITER_COMMANDS.createWorkspace, { id: uuidv7(), ...body });
  }

  @Patch('workspaces/:id')
  updateWorkspace(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWorkspaceBody) {
    return this.writer.send(WRITER_COMMANDS.updateWorkspace, { ...body, id });
  }
}
