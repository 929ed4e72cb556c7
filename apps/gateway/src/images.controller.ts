import { RequestActor } from '@jobstream/access';
import { IfMatch, UuidParamPipe, versionedWrite } from '@jobstream/api';
import { AuditActor } from '@jobstream/audit';
import { CreateBuildScheduleCommand, CreateImageCommand, WRITER_COMMANDS } from '@jobstream/contracts';
import { BuildScheduleEntity, findByIdOrFail, findPage, ImageEntity } from '@jobstream/persistence';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PageOf } from './dto/page.response';
import { v7 as uuidv7 } from 'uuid';
import { ListBuildSchedulesQuery, ListImagesQuery } from './dto/list-model.queries';
import { UpdateBuildScheduleBody, UpdateImageBody } from './dto/update-image.bodies';
import { WriterClient } from './writer.client';

/** Users' custom images and their scheduled builds (seed 000). Reads come from PostgreSQL. */
@Controller()
export class ImagesController {
  constructor(
    private readonly writer: WriterClient,
    private readonly db: DataSource,
  ) {}

  @Post('images')
  @ApiCreatedResponse({ type: ImageEntity })
  createImage(@Body() body: CreateImageCommand, @RequestActor() actor: AuditActor): Promise<ImageEntity> {
    return this.writer.send(WRITER_COMMANDS.createImage, { id: uuidv7(), ...body }, actor);
  }

  @Get('images/:id')
  @ApiOkResponse({ type: ImageEntity })
  getImage(@Param('id', UuidParamPipe) id: string): Promise<ImageEntity> {
    return findByIdOrFail(this.db.manager, ImageEntity, 'image', id);
  }

  @Get('images')
  @ApiOkResponse({ type: PageOf(ImageEntity) })
  listImages(@Query() query: ListImagesQuery) {
    const { userId, name, arch } = query;
    return findPage(this.db.manager, ImageEntity, { userId, name, arch }, query);
  }

  @Patch('images/:id')
  @ApiOkResponse({ type: ImageEntity })
  updateImage(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateImageBody,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<ImageEntity> {
    return this.writer.send(WRITER_COMMANDS.updateImage, versionedWrite(id, body, ifMatch), actor);
  }

  /** `nextRunAt` is computed from the cron expression, in UTC, while the schedule is ACTIVE. */
  @Post('build-schedules')
  @ApiCreatedResponse({ type: BuildScheduleEntity })
  createBuildSchedule(@Body() body: CreateBuildScheduleCommand, @RequestActor() actor: AuditActor): Promise<BuildScheduleEntity> {
    return this.writer.send(WRITER_COMMANDS.createBuildSchedule, { id: uuidv7(), ...body }, actor);
  }

  @Get('build-schedules/:id')
  @ApiOkResponse({ type: BuildScheduleEntity })
  getBuildSchedule(@Param('id', UuidParamPipe) id: string): Promise<BuildScheduleEntity> {
    return findByIdOrFail(this.db.manager, BuildScheduleEntity, 'build schedule', id);
  }

  @Get('build-schedules')
  @ApiOkResponse({ type: PageOf(BuildScheduleEntity) })
  listBuildSchedules(@Query() query: ListBuildSchedulesQuery) {
    const { imageId, status } = query;
    return findPage(this.db.manager, BuildScheduleEntity, { imageId, status }, query);
  }

  @Patch('build-schedules/:id')
  @ApiOkResponse({ type: BuildScheduleEntity })
  updateBuildSchedule(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateBuildScheduleBody,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<BuildScheduleEntity> {
    return this.writer.send(WRITER_COMMANDS.updateBuildSchedule, versionedWrite(id, body, ifMatch), actor);
  }
}
