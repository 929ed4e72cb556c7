import { IfMatch, versionedWrite } from '@jobstream/api';
import { JobSnapshotV1, WRITER_COMMANDS } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { CorrelationId } from '@jobstream/logging';
import { loadJobSnapshot } from '@jobstream/persistence';
import { JobSearch } from '@jobstream/search';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CreateJobBody } from './dto/create-job.body';
import { DeleteJobQuery } from './dto/delete-job.query';
import { GetJobQuery } from './dto/get-job.query';
import { JobPageResponse } from './dto/job-page.response';
import { ListJobsQuery } from './dto/list-jobs.query';
import { TransitionJobBody } from './dto/transition-job.body';
import { WriterClient } from './writer.client';

@Controller('jobs')
export class JobsController {
  constructor(
    private readonly writer: WriterClient,
    private readonly search: JobSearch,
    private readonly db: DataSource,
  ) {}

  /** The id is chosen here (UUIDv7: time-ordered) so a retried command creates one job. */
  @Post()
  create(@Body() body: CreateJobBody, @CorrelationId() correlationId: string): Promise<JobSnapshotV1> {
    return this.writer.send(WRITER_COMMANDS.createJob, { ...body, id: uuidv7(), correlationId });
  }

  @Patch(':id/status')
  transition(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionJobBody,
    @CorrelationId() correlationId: string,
    @IfMatch() ifMatch?: number,
  ): Promise<JobSnapshotV1> {
    return this.writer.send(WRITER_COMMANDS.transitionJob, { ...versionedWrite(id, body, ifMatch), correlationId });
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DeleteJobQuery,
    @CorrelationId() correlationId: string,
    @IfMatch() ifMatch?: number,
  ): Promise<void> {
    await this.writer.send(WRITER_COMMANDS.deleteJob, { ...versionedWrite(id, query, ifMatch), correlationId });
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @Query() query: GetJobQuery): Promise<JobSnapshotV1> {
    const job = query.consistency === 'strong' ? await loadJobSnapshot(this.db.manager, id) : await this.search.get(id);
    if (!job) throw JobstreamError.notFound('job', id);
    return job;
  }

  @Get()
  async list(@Query() query: ListJobsQuery): Promise<JobPageResponse> {
    const page = await this.search.find({
      statuses: query.status,
      userId: query.userId,
      projectName: query.projectName,
      size: query.size,
      cursor: query.cursor,
    });
    return { ...page, source: 'elasticsearch' };
  }
}
