import { IsOptional, IsString, MaxLength } from 'class-validator';
import { VersionedWriteCommand } from './versioned-write.command';

/** What every write to an existing job carries: which job, optionally at which version. */
export class JobWriteCommand extends VersionedWriteCommand {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  correlationId?: string;
}
