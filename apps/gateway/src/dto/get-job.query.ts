import { IsIn, IsOptional } from 'class-validator';

export class GetJobQuery {
  /** `strong` reads PostgreSQL, the source of truth; the default reads the search index. */
  @IsOptional()
  @IsIn(['eventual', 'strong'])
  consistency?: 'eventual' | 'strong' = 'eventual';
}
