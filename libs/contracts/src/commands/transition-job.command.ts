import { JOB_STATUSES, JobStatus } from '@jobstream/domain';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { JobWriteCommand } from './job-write.command';

export class TransitionJobCommand extends JobWriteCommand {
  @IsIn(JOB_STATUSES)
  status: JobStatus;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  errorMessage?: string;
}
