import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { VersionedWriteCommand } from './versioned-write.command';
import { IsCorrelationId } from './input-rules';

export class UpdateUserCommand extends VersionedWriteCommand {
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  /** Carried into the `user.changed` event and the job re-versions it causes. */
  @IsOptional()
  @IsCorrelationId()
  correlationId?: string;
}
