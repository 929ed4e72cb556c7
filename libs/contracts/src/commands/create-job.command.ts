import { JOB_TYPES, JobType } from '@jobstream/domain';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateJobCommand {
  /** Chosen by the caller (the gateway uses UUIDv7) so a redelivered command creates one job. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsUUID()
  userId: string;

  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  @IsIn(JOB_TYPES)
  type: JobType;

  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  projectName: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  hostname?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  arch?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  correlationId?: string;
}
