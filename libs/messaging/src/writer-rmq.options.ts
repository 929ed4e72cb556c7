import { CustomStrategy, RmqOptions, Transport } from '@nestjs/microservices';
import { ConsumerMetrics } from './consumer-metrics';
import { DrainingServerRMQ } from './draining-server-rmq';

/**
 * The job-writer's command queue. The server acknowledges by hand (see RmqAckInterceptor):
 * Nest's default `noAck: true` would drop a command the moment it arrives. On shutdown it
 * drains: no new commands, the ones in flight finish and reply. A command no handler can take
 * is parked in `<queue>.dead` and counted in `metrics`.
 */
export function writerServer(url: string, queue: string, prefetchCount: number, drainTimeoutMs: number, metrics: ConsumerMetrics): CustomStrategy {
  return {
    strategy: new DrainingServerRMQ({ urls: [url], queue, noAck: false, prefetchCount, queueOptions: { durable: true } }, drainTimeoutMs, metrics),
  };
}

/** Callers' side: replies come over direct reply-to, which RabbitMQ requires in no-ack mode. */
export function writerClientOptions(url: string, queue: string): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: { urls: [url], queue, queueOptions: { durable: true }, persistent: true },
  };
}
