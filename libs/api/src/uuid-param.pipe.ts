import { JobstreamError } from '@jobstream/domain';
import { ArgumentMetadata, Injectable, ParseUUIDPipe, PipeTransform } from '@nestjs/common';

/**
 * A path parameter that must be a UUID (any version, either case, as Nest's ParseUUIDPipe reads
 * it). A refusal is the usual 400 VALIDATION naming the parameter, like any other bad field;
 * Nest's own pipe answers a bare 400 that names nothing.
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, Promise<string>> {
  transform(value: unknown, metadata: ArgumentMetadata): Promise<string> {
    const name = metadata.data || 'id';
    const refuse = () => JobstreamError.invalid(name, `${name} must be a UUID`);
    return new ParseUUIDPipe({ exceptionFactory: refuse }).transform(value as string, metadata);
  }
}
