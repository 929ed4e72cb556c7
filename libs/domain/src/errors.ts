/** Every failure the system reports on purpose; edges map `code` to HTTP statuses or RPC replies. */
export type JobstreamErrorCode =
  | 'VALIDATION'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** A field-level validation problem, named so clients can point at the field. */
export interface FieldError {
  field: string;
  messages: string[];
}

export interface JobstreamErrorDetails {
  fields?: FieldError[];
  currentVersion?: number;
  currentStatus?: string;
  entity?: string;
  id?: string;
}

/** The single error type of the codebase; unknown throws are converted to it at the edges. */
export class JobstreamError extends Error {
  constructor(
    readonly code: JobstreamErrorCode,
    message: string,
    readonly details: JobstreamErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobstreamError';
  }

  static notFound(entity: string, id: string): JobstreamError {
    return new JobstreamError('NOT_FOUND', `${entity} ${id} not found`, { entity, id });
  }

  /** A request whose `field` is wrong, answered as a 400 naming the field. */
  static invalid(field: string, message: string): JobstreamError {
    return new JobstreamError('VALIDATION', message, { fields: [{ field, messages: [message] }] });
  }

  /** A write that expected `expected` of an entity now at `current`: 409 with the current version, so the client can re-read. */
  static versionConflict(entity: string, id: string, current: number, expected: number): JobstreamError {
    return new JobstreamError('VERSION_CONFLICT', `${entity} ${id} is at version ${current}, not ${expected}`, { currentVersion: current, id });
  }

  /** Converts anything thrown into a JobstreamError, keeping the original as `cause`. */
  static from(error: unknown): JobstreamError {
    if (error instanceof JobstreamError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new JobstreamError('INTERNAL', message, {}, { cause: error });
  }
}

/** A UUID in its text form, either case (PostgreSQL's uuid type reads both). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
