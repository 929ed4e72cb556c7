import { BulkReply, fromBulkReply, fromErrorBody } from '@jobstream/api';
import { actorHeaders, AuditActor } from '@jobstream/audit';
import { JobstreamError } from '@jobstream/domain';
import { CORRELATION_HEADER, currentCorrelationId } from '@jobstream/logging';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, RmqRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';

export const WRITER_CLIENT = Symbol('WRITER_CLIENT');
export const WRITER_TIMEOUT_MS = Symbol('WRITER_TIMEOUT_MS');

/** Forwards writes to the job-writer over AMQP and turns its typed error replies back into errors. */
@Injectable()
export class WriterClient implements OnApplicationShutdown {
  constructor(
    @Inject(WRITER_CLIENT) private readonly client: ClientProxy,
    @Inject(WRITER_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  /**
   * The request's correlation id also travels as a header, so even commands without the field
   * are logged with it; the actor travels in headers beside it (ACTOR_HEADERS), for the audit trail.
   */
  async send<T>(pattern: string, command: object, actor: AuditActor): Promise<T> {
    const correlationId = actor.requestId ?? currentCorrelationId();
    const headers = { ...actorHeaders(actor), ...(correlationId ? { [CORRELATION_HEADER]: correlationId } : {}) };
    const record = new RmqRecordBuilder(command).setOptions({ headers }).build();
    try {
      return await firstValueFrom(this.client.send<T>(pattern, record).pipe(timeout(this.timeoutMs)));
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new JobstreamError('UNAVAILABLE', `job-writer did not answer ${pattern} within ${this.timeoutMs} ms`);
      }
      throw fromErrorBody(error);
    }
  }

  /** A bulk command (`job.create-many`, ...): per item, in order, the job-writer's result or its refusal. */
  async sendEach<T extends object>(pattern: string, items: object[], actor: AuditActor): Promise<(T | JobstreamError)[]> {
    return fromBulkReply(await this.send<BulkReply<T>>(pattern, { items }, actor));
  }

  onApplicationShutdown(): Promise<void> {
    return this.client.close();
  }
}
