import { JOB_TYPES, JobType } from '@jobstream/domain';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateBy } from 'class-validator';
import { IsCorrelationId, metadataProblem } from './input-rules';

/** Within METADATA_LIMITS; the message names the entry and the limit it breaks. */
function IsStorableMetadata(): PropertyDecorator {
  return ValidateBy({
    name: 'isStorableMetadata',
    validator: {
      validate: (value) => typeof value !== 'object' || value === null || metadataProblem(value) === null,
      defaultMessage: (args) => metadataProblem(args?.value) ?? `${args?.property} is not storable`,
    },
  });
}

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

  /**
   * Labels of the job; scalar entries are searchable as `metadata.<key>=<value>`. Limits
   * (METADATA_LIMITS): 16,384 bytes as JSON, 8 levels, 200 keys at all levels, keys of up to 128
   * and strings of up to 4,096 characters, finite numbers.
   */
  @IsOptional()
  @IsObject()
  @IsStorableMetadata()
  metadata?: Record<string, unknown>;

  @IsOptional()
  @IsCorrelationId()
  correlationId?: string;
}
