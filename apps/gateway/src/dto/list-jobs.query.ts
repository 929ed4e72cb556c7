import { METADATA_LIMITS } from '@jobstream/contracts';
import { JOB_STATUSES, JOB_TYPES, JobStatus, JobType } from '@jobstream/domain';
import { JobSearchRequest } from '@jobstream/job-queries';
import { JOB_SORT_FIELDS, JobSortField, SORT_ORDERS, SortOrder, TimeRange } from '@jobstream/search';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsQueryTime } from './query-time';

const list = ({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]).map(String);
const commaList = ({ value }: { value: unknown }) => list({ value }).flatMap((v) => v.split(',')).filter(Boolean);

/**
 * `key:value`, split at the first colon; the key may hold neither `:` nor `=` (the index stores
 * `key=value`). Any key and string value a job may carry (METADATA_LIMITS) can be asked for.
 */
const METADATA = new RegExp(`^[^:=]{1,${METADATA_LIMITS.maxKeyLength}}:[\\s\\S]{0,${METADATA_LIMITS.maxStringLength}}$`);
/** `<jobId>:<version>` from a write's response. */
const VERSION_TOKEN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:[1-9][0-9]{0,14}$/;

const splitAtColon = (token: string): [string, string] => {
  const at = token.indexOf(':');
  return [token.slice(0, at), token.slice(at + 1)];
};

/** Times are kept at millisecond precision, as both stores hold them. */
const range = (from?: string, to?: string): TimeRange | undefined =>
  from || to ? { ...(from ? { from: new Date(from).toISOString() } : {}), ...(to ? { to: new Date(to).toISOString() } : {}) } : undefined;

/**
 * GET /jobs. Lists take `a,b` or repeated parameters; time ranges are `from` inclusive, `to`
 * exclusive (ISO-8601); `q` is plain words matched in the error message and project name.
 */
export class ListJobsQuery {
  @IsOptional()
  @Transform(commaList)
  @IsIn(JOB_STATUSES, { each: true })
  status?: JobStatus[];

  @IsOptional()
  @Transform(commaList)
  @IsIn(JOB_TYPES, { each: true })
  type?: JobType[];

  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  userEmail?: string;

  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  projectName?: string;

  /** The host the job runs on; at creation it defaults to its workspace's hostname. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  hostname?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  arch?: string;

  @IsOptional() @IsISO8601({ strict: true }) @IsQueryTime() createdFrom?: string;
  @IsOptional() @IsISO8601({ strict: true }) @IsQueryTime() createdTo?: string;
  @IsOptional() @IsISO8601({ strict: true }) @IsQueryTime() updatedFrom?: string;
  @IsOptional() @IsISO8601({ strict: true }) @IsQueryTime() updatedTo?: string;
  @IsOptional() @IsISO8601({ strict: true }) @IsQueryTime() completedFrom?: string;
  @IsOptional() @IsISO8601({ strict: true }) @IsQueryTime() completedTo?: string;

  /** `metadata=key:value`, repeatable (all must match); compares scalar entries as text. */
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(10)
  @Matches(METADATA, { each: true, message: 'metadata must be key:value (key without : or =)' })
  metadata?: string[];

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(JOB_SORT_FIELDS)
  sort: JobSortField = 'createdAt';

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order: SortOrder = 'desc';

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
  @MaxLength(4_000)
  cursor?: string;

  /** `<jobId>:<version>` from write responses, repeatable: wait (bounded) until search shows them. */
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(20)
  @Matches(VERSION_TOKEN, { each: true, message: 'minVersion must be <jobId>:<version>' })
  minVersion?: string[];

  toRequest(): JobSearchRequest {
    return {
      statuses: this.status,
      types: this.type,
      userId: this.userId,
      userEmail: this.userEmail,
      workspaceId: this.workspaceId,
      projectName: this.projectName,
      hostname: this.hostname,
      arch: this.arch,
      createdAt: range(this.createdFrom, this.createdTo),
      updatedAt: range(this.updatedFrom, this.updatedTo),
      completedAt: range(this.completedFrom, this.completedTo),
      metadata: this.metadata?.map((pair) => {
        const [key, value] = splitAtColon(pair);
        return { key, value };
      }),
      text: this.q,
      sort: { field: this.sort, order: this.order },
      size: this.size,
      cursor: this.cursor,
      minVersions: this.minVersion?.map((token) => {
        const [id, version] = splitAtColon(token);
        return { id: id.toLowerCase(), version: Number(version) };
      }),
    };
  }
}
