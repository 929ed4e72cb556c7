import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnectionManager, connect } from 'amqp-connection-manager';

/**
 * One reconnecting connection per process (amqp-connection-manager): channels created from it
 * re-run their setup after a broker restart, and publishes wait for the broker to come back.
 */
export class BrokerConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  readonly manager: AmqpConnectionManager;

  constructor(url: string, connectionName: string) {
    this.manager = connect([url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      connectionOptions: { clientProperties: { connection_name: connectionName } },
    });
    this.manager.on('connect', () => this.logger.log('connected to RabbitMQ'));
    this.manager.on('disconnect', ({ err }) => this.logger.warn(`RabbitMQ connection lost: ${err?.message ?? 'closed'}`));
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  close(): Promise<void> {
    return this.manager.close();
  }

  /** Nest calls this after every module's own shutdown, so channels are closed by then. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
