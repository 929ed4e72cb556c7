import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Keyset paging of the model's lists: at most 100 a page, resumed from an opaque cursor. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size = 20;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1_000)
  cursor?: string;
}
