import { ApiKeyService, RequestActor } from '@jobstream/access';
import { IfMatch, UuidParamPipe, versionedWrite } from '@jobstream/api';
import { AuditActor } from '@jobstream/audit';
import { CreateUserCommand, CreateWorkspaceCommand, WRITER_COMMANDS } from '@jobstream/contracts';
import { CorrelationId } from '@jobstream/logging';
import { findByIdOrFail, findPage, liveRows, UserEntity, WorkspaceEntity } from '@jobstream/persistence';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ExpectedVersionQuery } from './dto/expected-version.query';
import { ListUsersQuery, ListWorkspacesQuery } from './dto/list-model.queries';
import { PageOf } from './dto/page.response';
import { UpdateUserBody, UpdateWorkspaceBody } from './dto/update-owner.bodies';
import { WriterClient } from './writer.client';

/**
 * Users and workspaces, the owners jobs are shown with. Reads come from PostgreSQL. Deletes are
 * soft: a deleted row still answers GET by id (with `deletedAt`), lists leave it out unless
 * `includeDeleted=true`, and writes to it are refused (409).
 */
@Controller()
export class OwnersController {
  constructor(
    private readonly writer: WriterClient,
    private readonly db: DataSource,
    private readonly keys: ApiKeyService,
  ) {}

  @Post('users')
  @ApiCreatedResponse({ type: UserEntity })
  createUser(@Body() body: CreateUserCommand, @RequestActor() actor: AuditActor): Promise<UserEntity> {
    return this.writer.send(WRITER_COMMANDS.createUser, { id: uuidv7(), ...body }, actor);
  }

  @Get('users/:id')
  @ApiOkResponse({ type: UserEntity })
  getUser(@Param('id', UuidParamPipe) id: string): Promise<UserEntity> {
    return findByIdOrFail(this.db.manager, UserEntity, 'user', id);
  }

  @Get('users')
  @ApiOkResponse({ type: PageOf(UserEntity) })
  listUsers(@Query() query: ListUsersQuery) {
    return findPage(this.db.manager, UserEntity, { email: query.email, ...liveRows(query.includeDeleted) }, query);
  }

  /** A new name or email reaches every job document of the user (see JobRedenormalizer). */
  @Patch('users/:id')
  @ApiOkResponse({ type: UserEntity })
  updateUser(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateUserBody,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<UserEntity> {
    return this.writer.send(WRITER_COMMANDS.updateUser, { ...versionedWrite(id, body, ifMatch), correlationId }, actor);
  }

  /**
   * Soft delete: the user's jobs stay searchable and show the user as deleted (`userDeleted`),
   * they take no new jobs or workspaces, their API keys stop working, and their email is free
   * for a new user. Answers the deleted user.
   */
  @Delete('users/:id')
  @ApiOkResponse({ type: UserEntity })
  async deleteUser(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ExpectedVersionQuery,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<UserEntity> {
    const user = await this.writer.send<UserEntity>(WRITER_COMMANDS.deleteUser, { ...versionedWrite(id, query, ifMatch), correlationId }, actor);
    this.keys.forgetUser(id);
    return user;
  }

  @Post('workspaces')
  @ApiCreatedResponse({ type: WorkspaceEntity })
  createWorkspace(@Body() body: CreateWorkspaceCommand, @RequestActor() actor: AuditActor): Promise<WorkspaceEntity> {
    return this.writer.send(WRITER_COMMANDS.createWorkspace, { id: uuidv7(), ...body }, actor);
  }

  @Get('workspaces/:id')
  @ApiOkResponse({ type: WorkspaceEntity })
  getWorkspace(@Param('id', UuidParamPipe) id: string): Promise<WorkspaceEntity> {
    return findByIdOrFail(this.db.manager, WorkspaceEntity, 'workspace', id);
  }

  @Get('workspaces')
  @ApiOkResponse({ type: PageOf(WorkspaceEntity) })
  listWorkspaces(@Query() query: ListWorkspacesQuery) {
    const { userId, status, projectName } = query;
    return findPage(this.db.manager, WorkspaceEntity, { userId, status, projectName, ...liveRows(query.includeDeleted) }, query);
  }

  @Patch('workspaces/:id')
  @ApiOkResponse({ type: WorkspaceEntity })
  updateWorkspace(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateWorkspaceBody,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<WorkspaceEntity> {
    return this.writer.send(WRITER_COMMANDS.updateWorkspace, { ...versionedWrite(id, body, ifMatch), correlationId }, actor);
  }

  /** Soft delete: the workspace's jobs keep it; it takes no new jobs. Answers the deleted workspace. */
  @Delete('workspaces/:id')
  @ApiOkResponse({ type: WorkspaceEntity })
  deleteWorkspace(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ExpectedVersionQuery,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<WorkspaceEntity> {
    return this.writer.send(WRITER_COMMANDS.deleteWorkspace, { ...versionedWrite(id, query, ifMatch), correlationId }, actor);
  }
}
