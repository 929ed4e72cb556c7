import { IfMatch, versionedWrite } from '@jobstream/api';
import { CreateUserCommand, CreateWorkspaceCommand, WRITER_COMMANDS } from '@jobstream/contracts';
import { CorrelationId } from '@jobstream/logging';
import { findByIdOrFail, findPage, UserEntity, WorkspaceEntity } from '@jobstream/persistence';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PageOf } from './dto/page.response';
import { v7 as uuidv7 } from 'uuid';
import { ListUsersQuery, ListWorkspacesQuery } from './dto/list-model.queries';
import { UpdateUserBody, UpdateWorkspaceBody } from './dto/update-owner.bodies';
import { WriterClient } from './writer.client';

/** Users and workspaces, the owners jobs are shown with. Reads come from PostgreSQL. */
@Controller()
export class OwnersController {
  constructor(
    private readonly writer: WriterClient,
    private readonly db: DataSource,
  ) {}

  @Post('users')
  createUser(@Body() body: CreateUserCommand): Promise<UserEntity> {
    return this.writer.send(WRITER_COMMANDS.createUser, { id: uuidv7(), ...body });
  }

  @Get('users/:id')
  getUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserEntity> {
    return findByIdOrFail(this.db.manager, UserEntity, 'user', id);
  }

  @Get('users')
  @ApiOkResponse({ type: PageOf(UserEntity) })
  listUsers(@Query() query: ListUsersQuery) {
    return findPage(this.db.manager, UserEntity, { email: query.email }, query);
  }

  /** A new name or email reaches every job document of the user (see JobRedenormalizer). */
  @Patch('users/:id')
  updateUser(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserBody,
    @CorrelationId() correlationId: string,
    @IfMatch() ifMatch?: number,
  ): Promise<UserEntity> {
    return this.writer.send(WRITER_COMMANDS.updateUser, { ...versionedWrite(id, body, ifMatch), correlationId });
  }

  @Post('workspaces')
  createWorkspace(@Body() body: CreateWorkspaceCommand): Promise<WorkspaceEntity> {
    return this.writer.send(WRITER_COMMANDS.createWorkspace, { id: uuidv7(), ...body });
  }

  @Get('workspaces/:id')
  getWorkspace(@Param('id', ParseUUIDPipe) id: string): Promise<WorkspaceEntity> {
    return findByIdOrFail(this.db.manager, WorkspaceEntity, 'workspace', id);
  }

  @Get('workspaces')
  @ApiOkResponse({ type: PageOf(WorkspaceEntity) })
  listWorkspaces(@Query() query: ListWorkspacesQuery) {
    const { userId, status, projectName } = query;
    return findPage(this.db.manager, WorkspaceEntity, { userId, status, projectName }, query);
  }

  @Patch('workspaces/:id')
  updateWorkspace(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWorkspaceBody,
    @CorrelationId() correlationId: string,
    @IfMatch() ifMatch?: number,
  ): Promise<WorkspaceEntity> {
    return this.writer.send(WRITER_COMMANDS.updateWorkspace, { ...versionedWrite(id, body, ifMatch), correlationId });
  }
}
