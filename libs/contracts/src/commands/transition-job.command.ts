import { JOB_STATUSES, JobStatus } from '@jobstream/domain';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

export class TransitionJobCommand {
  @IsUUID()
  id: string;

  @IsIn(JOB_STATUSES)
  status: JobStatus;

  /** When given, the write is refused unless the job is still at this version. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  errorMessage?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  correlationId?: string;
}
