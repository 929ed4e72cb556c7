import { FieldError, JobstreamErrorCode, JobstreamErrorDetails } from '@jobstream/domain';
import { ErrorBody } from './error-body';

// Classes mirroring the error shape, for the OpenAPI document (interfaces leave no runtime trace).

export class FieldErrorDto implements FieldError {
  /** Path of the bad field, e.g. `metadata.cpu`. */
  field: string;
  messages: string[];
}

export class ErrorDetailsDto implements JobstreamErrorDetails {
  /** VALIDATION: every bad field. */
  fields?: FieldErrorDto[];
  /** VERSION_CONFLICT, ILLEGAL_TRANSITION: the version to retry with. */
  currentVersion?: number;
  currentStatus?: string;
  /** NOT_FOUND: what was looked for. */
  entity?: string;
  id?: string;
}

export class ErrorBodyDto implements ErrorBody {
  code: JobstreamErrorCode;
  message: string;
  details?: ErrorDetailsDto;
}

/** Every HTTP error: `{ "error": { "code", "message", "details" } }`. */
export class ErrorResponse {
  error: ErrorBodyDto;
}
