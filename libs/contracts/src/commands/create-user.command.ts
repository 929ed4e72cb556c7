import { IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateUserCommand {
  /** Chosen by the caller so that a retried command is idempotent; generated when absent. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsEmail()
  @MaxLength(255)
  email: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;
}
