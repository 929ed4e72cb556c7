import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { ConsumeMessage } from 'amqplib';
import { Observable, tap } from 'rxjs';
import { CORRELATION_HEADER, isValidCorrelationId, newCorrelationId } from './correlation-id';
import { runInLogContext } from './log-context';

type Fields = { id?: unknown; version?: unknown; correlationId?: unknown; code?: unknown; error?: { code?: unknown } };

/**
 * One line per AMQP command: pattern, the written row's id and version, time taken, outcome.
 * The handler runs in a logging scope bound to the command's correlation id (its
 * `correlationId` field, else the `x-correlation-id` header, else a new one), so whatever it
 * logs can be followed too.
 */
@Injectable()
export class CommandLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Commands');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const rmq = rpc.getContext<RmqContext>();
    const command: Fields = (rpc.getData() ?? {}) as Fields;
    const header = (rmq.getMessage() as ConsumeMessage).properties.headers?.[CORRELATION_HEADER];
    const correlationId = [command.correlationId, header].find(isValidCorrelationId) ?? newCorrelationId();
    const started = performance.now();
    const line = (fields: Fields) => ({ command: rmq.getPattern(), ...fields, ms: Math.round(performance.now() - started) });

    return new Observable((subscriber) =>
      runInLogContext({ correlationId }, () =>
        next
          .handle()
          .pipe(
            tap({
              next: (result) => {
                const { id, version } = (result ?? {}) as Fields;
                this.logger.log({ msg: 'command handled', ...line({ id: id ?? command.id, version }) });
              },
              error: (error: Fields) => {
                this.logger.warn({ msg: 'command failed', ...line({ id: command.id, error: error?.code ?? error?.error?.code ?? String(error) }) });
              },
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
