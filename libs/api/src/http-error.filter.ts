import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Response } from 'express';
import { frameworkErrorStatus, HTTP_STATUS, toErrorBody, toJobstreamError } from './error-body';

/** Every HTTP error leaves as `{ error: { code, message, details } }`; unexpected ones are logged here, once. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toJobstreamError(exception);
    const status = frameworkErrorStatus(exception) ?? HTTP_STATUS[error.code];
    if (status >= 500) this.logger.error(error.message, (error.cause as Error | undefined)?.stack ?? error.stack);
    host.switchToHttp().getResponse<Response>().status(status).json({ error: toErrorBody(error) });
  }
}
