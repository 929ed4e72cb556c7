import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';

export class GetJobQuery {
  /** `strong` reads PostgreSQL, the source of truth; the default reads the search index. */
  @IsOptional()
  @IsIn(['eventual', 'strong'])
  consistency?: 'eventual' | 'strong' = 'eventual';

  /** The `version` of a write's response: wait (bounded) until the index holds at least it. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  minVersion?: number;
}
