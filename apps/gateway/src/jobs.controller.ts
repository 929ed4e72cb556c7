import { CurrentPrincipal, hasPermission, PERMISSIONS, Principal, RequestActor } from '@jobstream/access';
import { HTTP_STATUS, IfMatch, toErrorBody, UuidParamPipe, versionedWrite, writeEach } from '@jobstream/api';
import { AuditActor, AuditTrail, StatusChange, statusHistory } from '@jobstream/audit';
import { JobCreation, JobSnapshotV1, WRITER_COMMANDS } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { Consistency, JobQueries, JobSyncState, SearchSource } from '@jobstream/job-queries';
import { CorrelationId } from '@jobstream/logging';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { CreateJobsBody, TransitionJobItemBody, TransitionJobsBody } from './dto/bulk-jobs.bodies';
import { JobBulkItemResponse, JobBulkResponse } from './dto/bulk-jobs.response';
import { CreateJobBody } from './dto/create-job.body';
import { ExpectedVersionQuery } from './dto/expected-version.query';
import { GetJobQuery } from './dto/get-job.query';
import { JobPageResponse } from './dto/job-page.response';
import { JobSnapshotResponse } from './dto/job-snapshot.response';
import { ListJobsQuery } from './dto/list-jobs.query';
import { TransitionJobBody } from './dto/transition-job.body';
import { WriterClient } from './writer.client';

/** Where a read was answered from and, for reads with `minVersion`, how it waited; also in GET /jobs's body. */
function setReadHeaders(res: Response, { source, consistency }: { source: SearchSource; consistency?: Consistency }): void {
  res.setHeader('X-Read-Source', source);
  if (consistency) {
    res.setHeader('X-Consistency-Waited-Ms', String(consistency.waitedMs));
    res.setHeader('X-Consistency-Bound-Exceeded', String(consistency.boundExceeded));
  }
}

/** A bulk answer: per item, in request order, `ok`'s status and job, or the refusal's status and error. */
function bulkResponse<R>(outcomes: (R | JobstreamError)[], ok: (result: R) => JobBulkItemResponse): JobBulkResponse {
  return {
    items: outcomes.map((outcome) => (outcome instanceof JobstreamError ? { status: HTTP_STATUS[outcome.code], error: toErrorBody(outcome) } : ok(outcome))),
  };
}

@Controller('jobs')
export class JobsController {
  constructor(
    private readonly writer: WriterClient,
    private readonly queries: JobQueries,
    private readonly trail: AuditTrail,
  ) {}

  /** The id is fixed here (the caller's, else a time-ordered UUIDv7) so a redelivered command creates one job. */
  @Post()
  @ApiCreatedResponse({ type: JobSnapshotResponse })
  create(@Body() body: CreateJobBody, @CorrelationId() correlationId: string, @RequestActor() actor: AuditActor): Promise<JobSnapshotV1> {
    return this.writer.send(WRITER_COMMANDS.createJob, { ...body, id: body.id ?? uuidv7(), correlationId }, actor);
  }

  // The bulk routes come before the `:id` routes, which would take `bulk` for an id.

  /**
   * Up to 1,000 jobs in one request, answered per item in request order like Elasticsearch's
   * `_bulk`: 201 created, 200 already existed (a repeated id), else the item's error. One bad
   * item never fails the others.
   */
  @Post('bulk')
  @HttpCode(200)
  async createMany(@Body() body: CreateJobsBody, @CorrelationId() correlationId: string, @RequestActor() actor: AuditActor): Promise<JobBulkResponse> {
    const outcomes = await writeEach(CreateJobBody, body.items, (valid) =>
      this.writer.sendEach<JobCreation>(WRITER_COMMANDS.createJobs, valid.map((item) => ({ ...item, id: item.id ?? uuidv7(), correlationId })), actor),
    );
    return bulkResponse(outcomes, ({ job, created }) => ({ status: created ? 201 : 200, job }));
  }

  /** Up to 1,000 status changes, answered per item in request order: 200 with the job, else the item's error (404, 409, 400). */
  @Patch('bulk/status')
  async transitionMany(@Body() body: TransitionJobsBody, @CorrelationId() correlationId: string, @RequestActor() actor: AuditActor): Promise<JobBulkResponse> {
    const outcomes = await writeEach(TransitionJobItemBody, body.items, (valid) =>
      this.writer.sendEach<{ job: JobSnapshotV1 }>(WRITER_COMMANDS.transitionJobs, valid.map((item) => ({ ...item, correlationId })), actor),
    );
    return bulkResponse(outcomes, ({ job }) => ({ status: 200, job }));
  }

  @Patch(':id/status')
  @ApiOkResponse({ type: JobSnapshotResponse })
  transition(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: TransitionJobBody,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<JobSnapshotV1> {
    return this.writer.send(WRITER_COMMANDS.transitionJob, { ...versionedWrite(id, body, ifMatch), correlationId }, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ExpectedVersionQuery,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: AuditActor,
    @IfMatch() ifMatch?: number,
  ): Promise<void> {
    await this.writer.send(WRITER_COMMANDS.deleteJob, { ...versionedWrite(id, query, ifMatch), correlationId }, actor);
  }

  /** The row in PostgreSQL beside the document in Elasticsearch: versions, sync columns, "in-step" or "behind" by how many. */
  @Get(':id/sync')
  async sync(@Param('id', UuidParamPipe) id: string): Promise<JobSyncState> {
    const state = await this.queries.syncState(id);
    if (state.state === 'deleted') throw JobstreamError.notFound('job', id);
    return state;
  }

  /**
   * The job's status changes from the audit trail, newest first (the last 100): who and when for
   * every reader, from where (address, user agent) only for those who may read the trail itself.
   */
  @Get(':id/history')
  async history(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<{ items: StatusChange[] }> {
    const page = await this.trail.find({ entityType: 'job', entityId: id, size: 100 });
    return { items: statusHistory(page.items, hasPermission(principal.permissions, PERMISSIONS.readAudit)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: JobSnapshotResponse })
  async get(@Param('id', UuidParamPipe) id: string, @Query() query: GetJobQuery, @Res({ passthrough: true }) res: Response): Promise<JobSnapshotV1> {
    const read = await this.queries.get(id, { strong: query.consistency === 'strong', minVersion: query.minVersion });
    setReadHeaders(res, read);
    if (!read.job) throw JobstreamError.notFound('job', id);
    return read.job;
  }

  @Get()
  async list(@Query() query: ListJobsQuery, @Res({ passthrough: true }) res: Response): Promise<JobPageResponse> {
    const answer = await this.queries.search(query.toRequest());
    setReadHeaders(res, answer);
    return answer;
  }
}
