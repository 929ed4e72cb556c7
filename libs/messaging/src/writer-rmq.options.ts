import { RmqOptions, Transport } from '@nestjs/microservices';

/**
 * The job-writer's command queue. The server acknowledges by hand (see RmqAckInterceptor):
 * Nest's default `noAck: true` would drop a command the moment it arrives.
 */
export function writerServerOptions(url: string, queue: string, prefetchCount = 32): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: { urls: [url], queue, noAck: false, prefetchCount, queueOptions: { durable: true } },
  };
}

/** Callers' side: replies come over direct reply-to, which RabbitMQ requires in no-ack mode. */
export function writerClientOptions(url: string, queue: string): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: { urls: [url], queue, queueOptions: { durable: true }, persistent: true },
  };
}
