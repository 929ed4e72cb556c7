import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

/**
 * One histogram of request durations by method, route pattern (never the raw path: ids would
 * make a series per job) and status. Recorded when the response is finished, so errors count too.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(Registry) registry: Registry) {
    this.duration = new Histogram({
      name: 'jobstream_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.duration.startTimer();
    response.once('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}
