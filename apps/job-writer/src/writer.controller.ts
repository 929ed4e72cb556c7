import { RpcErrorFilter, validationPipe } from '@jobstream/api';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import {
  CreateJobCommand,
  CreateUserCommand,
  CreateWorkspaceCommand,
  DeleteJobCommand,
  TransitionJobCommand,
  UpdateUserCommand,
  UpdateWorkspaceCommand,
  WRITER_COMMANDS,
} from '@jobstream/contracts';
import { RmqAckInterceptor } from '@jobstream/messaging';
import { Controller, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

/** The job-writer's AMQP API: every write in the system arrives here. */
@Controller()
@UseInterceptors(RmqAckInterceptor)
@UsePipes(validationPipe())
@UseFilters(RpcErrorFilter)
export class WriterController {
  constructor(
    private readonly jobs: JobCommandsService,
    private readonly owners: OwnerCommandsService,
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
