import { JOB_STATUSES, JobStatus } from '@jobstream/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

const commaList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);

export class ListJobsQuery {
  /** One or more, as `status=RUNNING,FAILED` or repeated. */
  @IsOptional()
  @Transform(commaList)
  @IsIn(JOB_STATUSES, { each: true })
  status?: JobStatus[];

  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  projectName?: string;

  /** Page size. */
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size: number = 20;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1_000)
  cursor?: string;
}
