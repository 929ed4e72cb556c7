import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';

/** A write to an existing row: which one, optionally at which version (from a body field or If-Match). */
export class VersionedWriteCommand {
  @IsUUID()
  id: string;

  /** When given, the write is refused unless the row is still at this version. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
