import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

/** What every write to an existing job carries: which job, optionally at which version. */
export class JobWriteCommand {
  @IsUUID()
  id: string;

  /** When given, the write is refused unless the job is still at this version. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  correlationId?: string;
}
