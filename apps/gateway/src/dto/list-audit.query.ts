import { AuditQuery } from '@jobstream/audit';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from './page.query';
import { IsQueryTime } from './query-time';

/**
 * GET /audit: seed 003's audit-trail query. Any combination of filters; `from` inclusive, `to`
 * exclusive (ISO 8601). Newest first.
 */
export class ListAuditQuery extends PageQuery implements AuditQuery {
  /** job, user, workspace, image, build-schedule, api-key, background-task. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z][a-z-]*$/, { message: 'entityType must be a lower-case entity name such as job or build-schedule' })
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;

  /** The acting user. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @IsQueryTime()
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @IsQueryTime()
  to?: string;
}
