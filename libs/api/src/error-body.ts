import { JobstreamError, JobstreamErrorCode, JobstreamErrorDetails } from '@jobstream/domain';
import { HttpException, HttpStatus } from '@nestjs/common';

/** The one error shape every client sees, over HTTP and in AMQP replies. */
export interface ErrorBody {
  code: JobstreamErrorCode;
  message: string;
  details?: JobstreamErrorDetails;
}

export const HTTP_STATUS: Record<JobstreamErrorCode, number> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  VERSION_CONFLICT: HttpStatus.CONFLICT,
  ILLEGAL_TRANSITION: HttpStatus.CONFLICT,
  CONFLICT: HttpStatus.CONFLICT,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

const CODE_OF_STATUS: Partial<Record<number, JobstreamErrorCode>> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Framework exceptions (a malformed JSON body, an unknown route) keep their status. */
export function toJobstreamError(error: unknown): JobstreamError {
  if (error instanceof HttpException) {
    return new JobstreamError(CODE_OF_STATUS[error.getStatus()] ?? 'INTERNAL', error.message, {}, { cause: error });
  }
  return JobstreamError.from(error);
}

export function toErrorBody(error: JobstreamError): ErrorBody {
  const hasDetails = Object.keys(error.details).length > 0;
  return { code: error.code, message: error.message, ...(hasDetails ? { details: error.details } : {}) };
}

/** The reverse of an AMQP error reply, for callers of the job-writer. */
export function fromErrorBody(body: unknown): JobstreamError {
  const candidate = body as Partial<ErrorBody> | undefined;
  if (candidate?.code && candidate.code in HTTP_STATUS) {
    return new JobstreamError(candidate.code, candidate.message ?? candidate.code, candidate.details ?? {});
  }
  return new JobstreamError('INTERNAL', `unexpected reply: ${JSON.stringify(body)}`);
}
