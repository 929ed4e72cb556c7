import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { toErrorBody, toJobstreamError } from './error-body';

/** Answers a failed command with a typed error body instead of Nest's generic message. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const error = toJobstreamError(exception);
    if (error.code === 'INTERNAL') this.logger.error(error.message, (error.cause as Error | undefined)?.stack);
    return throwError(() => toErrorBody(error));
  }
}
