import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** DELETE's query: the version the delete expects, like If-Match. */
export class ExpectedVersionQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
