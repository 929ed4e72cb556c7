import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

export class DeleteJobCommand {
  @IsUUID()
  id: string;

  /** When given, the delete is refused unless the job is still at this version. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  correlationId?: string;
}
