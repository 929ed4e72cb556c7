import { RpcErrorFilter, validationPipe } from '@jobstream/api';
import { ImageCommandsService, JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import {
  CreateBuildScheduleCommand,
  CreateImageCommand,
  CreateJobCommand,
  CreateUserCommand,
  CreateWorkspaceCommand,
  DeleteJobCommand,
  TransitionJobCommand,
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

/** The job-writer's AMQP API: every write in the system arrives here. */
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
  createUser(@Payload() command: CreateUserCommand) {
    return this.owners.createUser(command);
  }

  @MessagePattern(WRITER_COMMANDS.updateUser)
  updateUser(@Payload() command: UpdateUserCommand) {
    return this.owners.updateUser(command);
  }

  @MessagePattern(WRITER_COMMANDS.createWorkspace)
  createWorkspace(@Payload() command: CreateWorkspaceCommand) {
    return this.owners.createWorkspace(command);
  }

  @MessagePattern(WRITER_COMMANDS.updateWorkspace)
  updateWorkspace(@Payload() command: UpdateWorkspaceCommand) {
    return this.owners.updateWorkspace(command);
  }

  @MessagePattern(WRITER_COMMANDS.createImage)
  createImage(@Payload() command: CreateImageCommand) {
    return this.images.createImage(command);
  }

  @MessagePattern(WRITER_COMMANDS.updateImage)
  updateImage(@Payload() command: UpdateImageCommand) {
    return this.images.updateImage(command);
  }

  @MessagePattern(WRITER_COMMANDS.createBuildSchedule)
  createBuildSchedule(@Payload() command: CreateBuildScheduleCommand) {
    return this.images.createBuildSchedule(command);
  }

  @MessagePattern(WRITER_COMMANDS.updateBuildSchedule)
  updateBuildSchedule(@Payload() command: UpdateBuildScheduleCommand) {
    return this.images.updateBuildSchedule(command);
  }

  @MessagePattern(WRITER_COMMANDS.createJob)
  createJob(@Payload() command: CreateJobCommand) {
    return this.jobs.create(command);
  }

  @MessagePattern(WRITER_COMMANDS.transitionJob)
  transitionJob(@Payload() command: TransitionJobCommand) {
    return this.jobs.transition(command);
  }

  @MessagePattern(WRITER_COMMANDS.deleteJob)
  deleteJob(@Payload() command: DeleteJobCommand) {
    return this.jobs.delete(command);
  }
}
