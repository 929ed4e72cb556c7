import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { Observable, finalize } from 'rxjs';

/**
 * Acknowledges an RPC command once its handler has finished, success or typed error: the reply
 * carries the outcome, so a failed command is answered rather than redelivered forever. A crash
 * before this point leaves the command unacknowledged, and RabbitMQ delivers it again.
 */
@Injectable()
export class RmqAckInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rmq = context.switchToRpc().getContext<RmqContext>();
    return next.handle().pipe(
      finalize(() => {
        rmq.getChannelRef().ack(rmq.getMessage());
      }),
    );
  }
}
