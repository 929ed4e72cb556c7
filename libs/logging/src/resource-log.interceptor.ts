import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Observable, tap } from 'rxjs';

/**
 * Adds the answered resource's id and version to the request's log line, so a job created by
 * `POST /jobs` (its id chosen in the gateway) can be followed from its very first line.
 */
@Injectable()
export class ResourceLogInterceptor implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      tap((body) => {
        const { id, version } = (body ?? {}) as { id?: unknown; version?: unknown };
        if (typeof id === 'string') this.logger.assign({ resourceId: id, ...(typeof version === 'number' ? { resourceVersion: version } : {}) });
      }),
    );
  }
}
