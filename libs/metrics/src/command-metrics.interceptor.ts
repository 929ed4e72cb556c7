import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { Histogram, Registry } from 'prom-client';

/** AMQP commands by pattern and outcome (`ok` or the typed error code, e.g. VERSION_CONFLICT). */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  private readonly duration: Histogram<'command' | 'outcome'>;

  constructor(@Inject(Registry) registry: Registry) {
    this.duration = new Histogram({
      name: 'jobstream_command_duration_seconds',
      help: 'AMQP commands handled, by pattern and outcome',
      labelNames: ['command', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const end = this.duration.startTimer({ command: context.switchToRpc().getContext<RmqContext>().getPattern() });
    return next.handle().pipe(
      tap({
        next: () => end({ outcome: 'ok' }),
        error: (error: { code?: unknown }) => end({ outcome: typeof error?.code === 'string' ? error.code : 'INTERNAL' }),
      }),
    );
  }
}
