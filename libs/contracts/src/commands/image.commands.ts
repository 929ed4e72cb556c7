import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { VersionedWriteCommand } from './versioned-write.command';

/** The architectures an OCI image platform names (GOARCH spelling). */
export const IMAGE_ARCHES = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64'] as const;
export type ImageArch = (typeof IMAGE_ARCHES)[number];

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((decorator) => decorator(target, key));

/** A repository path as Docker accepts it: lower-case components joined by `/`. */
const IsImageName = () =>
  compose(
    IsString(),
    MaxLength(255),
    Matches(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, {
      message: '$property must be a lower-case image repository name such as team/backend-api',
    }),
  );

const IsImageTag = () =>
  compose(IsString(), Matches(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: '$property must be an image tag such as 1.2.0 or latest' }));

export class CreateImageCommand {
  /** Chosen by the caller so that a retried command is idempotent; generated when absent. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsUUID()
  userId: string;

  @IsImageName()
  name: string;

  /** `latest` when absent. */
  @IsOptional()
  @IsImageTag()
  tag?: string;

  @IsIn(IMAGE_ARCHES)
  arch: ImageArch;
}

export class UpdateImageCommand extends VersionedWriteCommand {
  @IsOptional()
  @IsImageName()
  name?: string;

  @IsOptional()
  @IsImageTag()
  tag?: string;

  @IsOptional()
  @IsIn(IMAGE_ARCHES)
  arch?: ImageArch;
}
