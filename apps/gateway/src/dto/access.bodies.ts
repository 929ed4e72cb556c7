import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** POST /api-keys: a key for a user, acting with that user's roles. */
export class IssueApiKeyBody {
  @IsUUID()
  userId: string;

  /** What the key is for, shown in listings. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /** ISO 8601; without it the key lives until revoked. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

export class ListApiKeysQuery {
  @IsOptional()
  @IsUUID()
  userId?: string;
}

/** PUT /users/:id/roles: the user ends with exactly these roles (viewer, writer, admin). */
export class SetRolesBody {
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  roles: string[];
}
