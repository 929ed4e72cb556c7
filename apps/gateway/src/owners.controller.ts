import { CreateUserCommand, CreateWorkspaceCommand, WRITER_COMMANDS } from '@jobstream/contracts';
import { Body, Controller, Post } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { WriterClient } from './writer.client';

/** Users and workspaces, enough for jobs to have owners. */
@Controller()
export class OwnersController {
  constructor(private readonly writer: WriterClient) {}

  @Post('users')
  createUser(@Body() body: CreateUserCommand) {
    return this.writer.send(WRITER_COMMANDS.createUser, { id: uuidv7(), ...body });
  }

  @Post('workspaces')
  createWorkspace(@Body() body: CreateWorkspaceCommand) {
    return this.writer.send(WRITER_COMMANDS.createWorkspace, { id: uuidv7(), ...body });
  }
}
