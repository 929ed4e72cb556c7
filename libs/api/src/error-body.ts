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
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
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
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * The status a framework error carries: Nest's exceptions (an unknown route), and body-parser's
 * http-errors (a malformed or oversized body, an unsupported charset), which are not Nest's and
 * mark a client's mistake with `expose`.
 */
export function frameworkErrorStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * body-parser's refusal of a body it cannot read (`entity.parse.failed`: not JSON, or a top-level
 * value that is no object or array), as the VALIDATION naming the body. Nest turns the
 * underlying SyntaxError into a bare 400 before any filter sees it, so the app's error middleware
 * converts it first (see startHttpApp).
 */
export function unreadableBodyError(error: unknown): JobstreamError | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (status !== 400 || typeof type !== 'string' || !type.startsWith('entity.')) return undefined;
  const message = `the request body must be a JSON object or array: ${(error as Error).message}`;
  return new JobstreamError('VALIDATION', message, { fields: [{ field: 'body', messages: [message] }] }, { cause: error });
}

/** Framework errors keep their status; a 4xx without a code of its own is a VALIDATION. */
export function toJobstreamError(error: unknown): JobstreamError {
  const unreadable = unreadableBodyError(error);
  if (unreadable) return unreadable;
  const status = frameworkErrorStatus(error);
  if (status !== undefined) {
    const code = CODE_OF_STATUS[status] ?? (status < 500 ? 'VALIDATION' : 'INTERNAL');
    const { limit } = error as { limit?: unknown };
    const message = code === 'PAYLOAD_TOO_LARGE' && typeof limit === 'number' ? `the request body is over the limit of ${limit} bytes` : (error as Error).message;
    return new JobstreamError(code, message, {}, { cause: error });
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
