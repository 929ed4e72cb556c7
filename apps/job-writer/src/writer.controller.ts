import { AuditActor } from '@jobstream/audit';
import { BulkReply, CommandActor, RpcErrorFilter, toBulkReply, validationPipe, writeEach } from '@jobstream/api';
import { ImageCommandsService, JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import {
  CreateBuildScheduleCommand,
  CreateImageCommand,
  CreateJobCommand,
  CreateJobsCommand,
  CreateUserCommand,
  CreateWorkspaceCommand,
  DeleteJobCommand,
  DeleteUserCommand,
  DeleteWorkspaceCommand,
  JobCreation,
  JobSnapshotV1,
  TransitionJobCommand,
  TransitionJobsCommand,
  UpdateBuildScheduleCommand,
  UpdateImageCommand,
  UpdateUserCommand,
  UpdateWorkspaceCommand,
  WRITER_COMMANDS,
} from '@jobstream/contracts';
import { CommandLogInterceptor } from '@jobstream/logging';
import { RmqAckInterceptor } from '@jobstream/messaging';
import { CommandMetricsInterceptor } from '@jobstream/metrics';
import { Controller, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

/**
 * The job-writer's AMQP API: every write of the model arrives here, with its actor in the AMQP
 * headers (a command without them is the system's), recorded in the audit trail with the change.
 */
@Controller()
@UseInterceptors(CommandLogInterceptor, CommandMetricsInterceptor, RmqAckInterceptor)
@UsePipes(validationPipe())
@UseFilters(RpcErrorFilter)
export class WriterController {
  constructor(
    private readonly jobs: JobCommandsService,
    private readonly owners: OwnerCommandsService,
    private readonly images: ImageCommandsService,
  ) {}

  @MessagePattern(WRITER_COMMANDS.createUser)
  createUser(@Payload() command: CreateUserCommand, @CommandActor() actor: AuditActor) {
    return this.owners.createUser(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.updateUser)
  updateUser(@Payload() command: UpdateUserCommand, @CommandActor() actor: AuditActor) {
    return this.owners.updateUser(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.deleteUser)
  deleteUser(@Payload() command: DeleteUserCommand, @CommandActor() actor: AuditActor) {
    return this.owners.deleteUser(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.createWorkspace)
  createWorkspace(@Payload() command: CreateWorkspaceCommand, @CommandActor() actor: AuditActor) {
    return this.owners.createWorkspace(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.updateWorkspace)
  updateWorkspace(@Payload() command: UpdateWorkspaceCommand, @CommandActor() actor: AuditActor) {
    return this.owners.updateWorkspace(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.deleteWorkspace)
  deleteWorkspace(@Payload() command: DeleteWorkspaceCommand, @CommandActor() actor: AuditActor) {
    return this.owners.deleteWorkspace(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.createImage)
  createImage(@Payload() command: CreateImageCommand, @CommandActor() actor: AuditActor) {
    return this.images.createImage(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.updateImage)
  updateImage(@Payload() command: UpdateImageCommand, @CommandActor() actor: AuditActor) {
    return this.images.updateImage(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.createBuildSchedule)
  createBuildSchedule(@Payload() command: CreateBuildScheduleCommand, @CommandActor() actor: AuditActor) {
    return this.images.createBuildSchedule(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.updateBuildSchedule)
  updateBuildSchedule(@Payload() command: UpdateBuildScheduleCommand, @CommandActor() actor: AuditActor) {
    return this.images.updateBuildSchedule(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.createJob)
  createJob(@Payload() command: CreateJobCommand, @CommandActor() actor: AuditActor) {
    return this.jobs.create(command, actor);
  }

  @MessagePattern(WRITER_COMMANDS.transitionJob)
  transitionJob(@Payload() command: TransitionJobCommand, @CommandActor() actor: AuditActor) {
    return this.jobs.transition(command, actor);
  }

  /** Each item is validated here on its own, so a bad one is answered in the reply without failing the others. */
  @MessagePattern(WRITER_COMMANDS.createJobs)
  async createJobs(@Payload() command: CreateJobsCommand, @CommandActor() actor: AuditActor): Promise<BulkReply<JobCreation>> {
    const outcomes = await writeEach(CreateJobCommand, command.items, (valid) => this.jobs.createMany(valid, actor));
    return toBulkReply(outcomes, ({ job, created }) => ({ job, created }));
  }

  @MessagePattern(WRITER_COMMANDS.transitionJobs)
  async transitionJobs(@Payload() command: TransitionJobsCommand, @CommandActor() actor: AuditActor): Promise<BulkReply<{ job: JobSnapshotV1 }>> {
    const outcomes = await writeEach(TransitionJobCommand, command.items, (valid) => this.jobs.transitionMany(valid, actor));
    return toBulkReply(outcomes, (job) => ({ job }));
  }

  @MessagePattern(WRITER_COMMANDS.deleteJob)
  deleteJob(@Payload() command: DeleteJobCommand, @CommandActor() actor: AuditActor) {
    return this.jobs.delete(command, actor);
  }
}
