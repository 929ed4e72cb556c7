import { IsOptional } from 'class-validator';
import { VersionedWriteCommand } from './versioned-write.command';
import { IsCorrelationId } from './input-rules';

/** What every write to an existing job carries: which job, optionally at which version. */
export class JobWriteCommand extends VersionedWriteCommand {
  @IsOptional()
  @IsCorrelationId()
  correlationId?: string;
}
