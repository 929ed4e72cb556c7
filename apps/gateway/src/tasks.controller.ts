import { RequestActor } from '@jobstream/access';
import { UuidParamPipe } from '@jobstream/api';
import { AuditActor } from '@jobstream/audit';
import { BackgroundTaskEntity, findByIdOrFail, findPage } from '@jobstream/persistence';
import { TaskStore } from '@jobstream/tasks';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PageOf } from './dto/page.response';
import { CreateTaskBody, ListTasksQuery } from './dto/task.bodies';

/**
 * Background tasks (seed 003): admins start reindex, reconcile and repair runs, which the
 * indexer's workers pick up; anyone who reads may watch them (status, progress, result).
 */
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TaskStore,
    private readonly db: DataSource,
  ) {}

  /** Accepted: the task is PENDING until a worker claims it; poll GET /tasks/:id. */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: BackgroundTaskEntity })
  create(@Body() body: CreateTaskBody, @RequestActor() actor: AuditActor): Promise<BackgroundTaskEntity> {
    return this.tasks.create(body.type, {}, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: BackgroundTaskEntity })
  get(@Param('id', UuidParamPipe) id: string): Promise<BackgroundTaskEntity> {
    return findByIdOrFail(this.db.manager, BackgroundTaskEntity, 'task', id);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(BackgroundTaskEntity) })
  list(@Query() query: ListTasksQuery) {
    return findPage(this.db.manager, BackgroundTaskEntity, { status: query.status, type: query.type }, query);
  }
}
